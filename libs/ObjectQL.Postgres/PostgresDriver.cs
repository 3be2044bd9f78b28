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
    }

    /// <summary>Creates a driver over <paramref name="dataSource"/>, which the caller keeps owning.</summary>
    public PostgresDriver(NpgsqlDataSource dataSource)
        : base(new PostgresExecutor(dataSource, ownsDataSource: false))
    {
    }

    /// <summary>The data source with the settings the driver prefers: statements prepared after two uses, up to 256 per connection.</summary>
    public static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 256;
            builder.AutoPrepareMinUsages = 2;
        }
        return NpgsqlDataSource.Create(builder);
    }
}
