namespace ObjectQL.Sync.Benchmarks;

/// <summary>
/// How much each benchmark moves. The published sizes are the goals' (a push of 1000, a pull of 10,000, an initial sync
/// of 100,000 rows; <c>OBJECTQL_SYNC_INITIAL_ROWS</c> sets another, e.g. 1,000,000); a Dry run (<c>--job Dry</c>) only
/// proves every benchmark runs, so it moves 1000 of each and takes seconds.
/// </summary>
public static class BenchSizes
{
    public const int Push = 1000;

    /// <summary>Set by Program for <c>--job Dry</c>.</summary>
    public static bool Dry { get; set; }

    public static int Pull => Dry ? 1000 : 10_000;

    /// <summary>
    /// Pushes of 1000 sent before the push is measured: tiered compilation takes about 200 of them to settle the push's
    /// long path (docs/performance.md, "Measure a warm process"), far more than a job's warm-up iterations, and a server
    /// answers pushes for hours. None for a Dry run.
    /// </summary>
    public static int PushWarmUps => Dry ? 0 : 250;

    public static int InitialRows =>
        Dry ? 1000 : int.TryParse(Environment.GetEnvironmentVariable("OBJECTQL_SYNC_INITIAL_ROWS"), out var rows) && rows > 0 ? rows : 100_000;
}
