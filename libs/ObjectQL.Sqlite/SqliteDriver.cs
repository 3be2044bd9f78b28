using ObjectQL.Sql;

namespace ObjectQL.Sqlite;

/// <summary>
/// The SQLite driver: <c>new SqliteDriver("Data Source=todo.db")</c>. WAL journal, a busy timeout, one writer at a time
/// with concurrent readers, prepared statements reused per connection. See docs/drivers.md for the column mapping.
/// </summary>
public sealed class SqliteDriver : SqlDriver
{
    /// <summary>Creates a driver for the database named by <paramref name="connectionString"/> (a Microsoft.Data.Sqlite connection string).</summary>
    public SqliteDriver(string connectionString, SqliteDriverOptions? options = null)
        : base(new SqliteExecutor(connectionString, options))
    {
        ForeignKeys = options?.ForeignKeys ?? true;
    }
}
