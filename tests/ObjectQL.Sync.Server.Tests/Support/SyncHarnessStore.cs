using ObjectQL.Sqlite;

namespace ObjectQL.Sync.Server.Tests.Support;

/// <summary>The harness's store: <c>server.db</c> in the harness's directory.</summary>
internal static class SyncHarnessStore
{
    /// <summary>Nothing to prepare: SQLite creates the file.</summary>
    public static Task PrepareAsync(string directory) => Task.CompletedTask;

    public static ObjectQLDatabaseBuilder UseStore(this ObjectQLDatabaseBuilder builder, string directory) =>
        builder.UseSqlite($"Data Source={Path.Combine(directory, "server.db")}");

    // Closes the pooled connections (of every file; the directory is named for the other stores), so the directory can
    // be deleted and a reopened harness reads the file afresh.
    public static void Release(string directory) => Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
}
