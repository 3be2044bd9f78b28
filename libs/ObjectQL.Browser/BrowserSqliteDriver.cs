using ObjectQL.Sql;

namespace ObjectQL.Browser;

/// <summary>
/// The SQLite driver of .NET WebAssembly: <c>new BrowserSqliteDriver(new() { DatabaseName = "todo.db" })</c>. The
/// database lives in the page's Worker (OPFS, or IndexedDB) or, under Node, Deno and Bun, in the runtime's SQLite; see
/// docs/hosting/browser.md.
/// </summary>
public sealed partial class BrowserSqliteDriver : SqlDriver
{
    /// <summary>Creates a driver over a <see cref="BrowserSqliteExecutor"/> for <paramref name="options"/>.</summary>
    public BrowserSqliteDriver(BrowserSqliteOptions? options = null)
        : this(new BrowserSqliteExecutor(options))
    {
    }

    private BrowserSqliteDriver(BrowserSqliteExecutor executor)
        : base(executor)
    {
        Store = executor;
        // Only this application's pages reach the database in their origin's storage, so a schema synced once stays
        // synced until the model changes: a reopen reads the stored fingerprint instead of checking every table.
        TrustStoredSchema = true;
    }

    /// <summary>The executor, to ask where the database lives (<see cref="BrowserSqliteExecutor.OpenAsync"/>).</summary>
    public BrowserSqliteExecutor Store { get; }
}
