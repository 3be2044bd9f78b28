using Npgsql;
using ObjectQL.Sql;

namespace ObjectQL.Postgres;

/// <summary>
/// The PostgreSQL driver: <c>new PostgresDriver("Host=...;Database=...")</c> or over your own <see cref="NpgsqlDataSource"/>.
/// Pooled connections, automatic statement preparation, batched writes, transactions with a choosable isolation level.
/// See docs/drivers.md for the column mapping.
/// </summary>
public sealed class PostgresDriver : SqlDriver
{
    /// <summary>Creates a driver from an Npgsql connection string; automatic preparation is switched on unless the string sets it.</summary>
    public PostgresDriver(string connectionString)
        : base(new PostgresExecutor(CreateDataSource(connectionString), ownsDataSource: true))
    {
        ForeignKeys = true;
    }

    /// <summary>Creates a driver over <paramref name="dataSource"/>, which the caller keeps owning.</summary>
    public PostgresDriver(NpgsqlDataSource dataSource)
        : base(new PostgresExecutor(dataSource, ownsDataSource: false))
    {
        ForeignKeys = true;
    }

    // Npgsql's own write buffer is 8 KiB: a batched insert of a few hundred rows (a sync push's data, change and clock
    // rows) overflows it several times, and each overflow is a send of its own, a system call and a loopback or network
    // packet; with 64 KiB most statements go out in one send. A pooled connection keeps its buffer, so this is 56 KiB
    // more per open connection.
    private const int WriteBufferBytes = 64 * 1024;

    /// <summary>
    /// The data source with the settings the driver prefers, unless the string sets them: statements prepared after two
    /// uses (up to 256 per connection), no session reset when a connection goes back to the pool (the driver never
    /// changes session state and always ends its transactions, so the reset would only cost time on every call), and a
    /// 64 KiB write buffer (a batched write goes out in one send rather than one per 8 KiB).
    /// </summary>
    public static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 256;
            builder.AutoPrepareMinUsages = 2;
        }
        if (!ContainsKey(connectionString, "No Reset On Close", "NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }
        if (!ContainsKey(connectionString, "Write Buffer Size", "WriteBufferSize"))
        {
            builder.WriteBufferSize = WriteBufferBytes;
        }
        return NpgsqlDataSource.Create(builder);
    }

    private static bool ContainsKey(string connectionString, params string[] keys) =>
        connectionString.Split(';').Select(part => part.Split('=')[0].Trim()).Any(key => keys.Contains(key, StringComparer.OrdinalIgnoreCase));
}
