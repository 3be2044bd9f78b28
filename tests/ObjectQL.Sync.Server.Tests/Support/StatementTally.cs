using System.Diagnostics;
using ObjectQL.Sql;

namespace ObjectQL.Sync.Server.Tests.Support;

/// <summary>
/// The SQL statements (by their activity name, "SELECT table") that run inside one awaited call, told apart from those of
/// tests running in parallel by the call's own trace.
/// </summary>
internal static class StatementTally
{
    private const string RootName = "ObjectQL.Sync.Server.Tests.StatementTally";

    private static readonly ActivitySource Root = new(RootName);

    public static async Task<(T Result, IReadOnlyDictionary<string, int> Statements)> OfAsync<T>(Func<Task<T>> call)
    {
        var tally = new Dictionary<string, int>(StringComparer.Ordinal);
        ActivityTraceId callTrace = default;
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is RootName or SqlTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = statement =>
            {
                if (statement.Source.Name != SqlTelemetry.SourceName || statement.TraceId != callTrace)
                {
                    return;
                }
                lock (tally)
                {
                    tally[statement.DisplayName] = tally.GetValueOrDefault(statement.DisplayName) + 1;
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        using var scope = Root.StartActivity("call")!;
        callTrace = scope.TraceId;
        return (await call(), tally);
    }
}
