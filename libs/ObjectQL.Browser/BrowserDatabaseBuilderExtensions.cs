using ObjectQL.Browser;

namespace ObjectQL;

/// <summary>Chooses the browser's SQLite store for a database being built.</summary>
public static class BrowserDatabaseBuilderExtensions
{
    /// <summary>Uses a <see cref="BrowserSqliteDriver"/> for <paramref name="options"/> (by default <c>objectql.db</c>, OPFS where the browser has it).</summary>
    public static ObjectQLDatabaseBuilder UseBrowserSqlite(this ObjectQLDatabaseBuilder builder, BrowserSqliteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseDriver(new BrowserSqliteDriver(options));
    }
}
