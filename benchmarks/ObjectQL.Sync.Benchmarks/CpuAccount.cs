using System.Diagnostics;
using System.Globalization;
using Npgsql;
using ObjectQL.Sql;

namespace ObjectQL.Sync.Benchmarks;

/// <summary>
/// Where a round's time went, for telling waiting from work on a shared machine: the CPU this process and the
/// PostgreSQL cluster's processes used, the SQL statements run and the time spent inside them (from the SQL driver's
/// activities: a statement's time includes waiting for PostgreSQL and for the round trip).
/// </summary>
public sealed class CpuAccount : IDisposable
{
    // USER_HZ, the unit of /proc/<pid>/stat times, is 100 on every Linux this runs on.
    private const double TicksPerSecond = 100;
    private readonly string _connectionString;
    private readonly ActivityListener _listener;
    private long _statements;
    private long _statementTicks;
    private TimeSpan _processStart;
    private double _postgresStart;

    public CpuAccount(string connectionString)
    {
        _connectionString = connectionString;
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SqlTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                Interlocked.Increment(ref _statements);
                Interlocked.Add(ref _statementTicks, activity.Duration.Ticks);
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Starts a measured span.</summary>
    public async Task StartAsync()
    {
        Interlocked.Exchange(ref _statements, 0);
        Interlocked.Exchange(ref _statementTicks, 0);
        _postgresStart = await PostgresSecondsAsync();
        _processStart = Process.GetCurrentProcess().TotalProcessorTime;
    }

    /// <summary>Ends the span: per unit (a push), milliseconds of this process's CPU, of PostgreSQL's, of statements, and statements.</summary>
    public async Task<(double ProcessMs, double PostgresMs, double StatementMs, double Statements)> StopAsync(long units)
    {
        var process = Process.GetCurrentProcess().TotalProcessorTime - _processStart;
        var statements = Interlocked.Read(ref _statements);
        var statementTicks = Interlocked.Read(ref _statementTicks);
        var postgres = await PostgresSecondsAsync() - _postgresStart;
        return (process.TotalMilliseconds / units, postgres * 1000 / units, TimeSpan.FromTicks(statementTicks).TotalMilliseconds / units, (double)statements / units);
    }

    // The CPU seconds of every process of the cluster that is up now (backends, WAL writer, checkpointer).
    private async Task<double> PostgresSecondsAsync()
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_connectionString) { Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pid FROM pg_stat_activity", connection);
        await using var reader = await command.ExecuteReaderAsync();
        double seconds = 0;
        while (await reader.ReadAsync())
        {
            var stat = $"/proc/{reader.GetInt32(0)}/stat";
            try
            {
                var fields = File.ReadAllText(stat).Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                // utime and stime: fields 14 and 15 of stat, 12 and 13 after the command name.
                seconds += (double)(long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
            }
            catch (IOException)
            {
                // The process ended between the query and the read.
            }
        }
        return seconds;
    }

    public void Dispose() => _listener.Dispose();
}
