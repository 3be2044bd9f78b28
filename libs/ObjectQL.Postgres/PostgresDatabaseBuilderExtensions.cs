using Npgsql;

namespace ObjectQL.Postgres;

/// <summary>Chooses PostgreSQL as the store of a database being built.</summary>
public static class PostgresDatabaseBuilderExtensions
{
    /// <summary>Uses a <see cref="PostgresDriver"/> over <paramref name="connectionString"/>.</summary>
    public static ObjectQLDatabaseBuilder UsePostgres(this ObjectQLDatabaseBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseDriver(new PostgresDriver(connectionString));
    }

    /// <summary>Uses a <see cref="PostgresDriver"/> over an application-owned <paramref name="dataSource"/>.</summary>
    public static ObjectQLDatabaseBuilder UsePostgres(this ObjectQLDatabaseBuilder builder, NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseDriver(new PostgresDriver(dataSource));
    }
}
