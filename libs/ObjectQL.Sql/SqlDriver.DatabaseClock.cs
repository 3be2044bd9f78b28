using ObjectQL.Drivers;
using ObjectQL.Sql.Dialects;

namespace ObjectQL.Sql;

public partial class SqlDriver : IDatabaseClockDriver
{
    private static readonly SqlStatement ClockSql = new("SELECT clock_timestamp()");

    /// <inheritdoc />
    /// <remarks>PostgreSQL: <c>clock_timestamp()</c>. SQLite is embedded and runs on the caller's clock: null.</remarks>
    public async Task<DateTimeOffset?> DatabaseNowAsync(CancellationToken cancellationToken = default)
    {
        if (Dialect is not PostgresDialect)
        {
            return null;
        }
        return await Executor.QueryAsync(ClockSql, Dialect, static async (reader, dialect, ct) =>
            await reader.ReadAsync(ct).ConfigureAwait(false) ? dialect.ReadDateTime(reader, 0) : (DateTimeOffset?)null, null, cancellationToken).ConfigureAwait(false);
    }
}
