namespace ObjectQL.Sqlite;

/// <summary>Chooses SQLite as the store of a database being built.</summary>
public static class SqliteDatabaseBuilderExtensions
{
    /// <summary>Uses a <see cref="SqliteDriver"/> over <paramref name="connectionString"/> (for example <c>Data Source=app.db</c>).</summary>
    public static ObjectQLDatabaseBuilder UseSqlite(this ObjectQLDatabaseBuilder builder, string connectionString, SqliteDriverOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseDriver(new SqliteDriver(connectionString, options));
    }
}
