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

    /// <summary>
    /// The data source with the settings the driver prefers, unless the string sets them: statements prepared after two
    /// uses (up to 256 per connection), and no session reset when a connection goes back to the pool (the driver never
    /// changes session state and always ends its transactions, so the reset would only cost time on every call).
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
        return NpgsqlDataSource.Create(builder);
    }

    private static bool ContainsKey(string connectionString, params string[] keys) =>
        connectionString.Split(';').Select(part => part.Split('=')[0].Trim()).Any(key => keys.Contains(key, StringComparer.OrdinalIgnoreCase));
}
