using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ObjectQL.Sync.Server.Diagnostics;

/// <summary>The sync server's activity source and instruments, one set per process (instruments are process-wide anyway).</summary>
internal sealed class SyncServerMetrics
{
    private long _head;

    private SyncServerMetrics()
    {
        Meter = new Meter(SyncServerDiagnostics.Name);
        Mutations = Meter.CreateCounter<long>("objectql.sync.mutations", "{mutation}", "Pushed mutations by outcome (applied, merged, conflicted, rejected, replayed).");
        DeltaChanges = Meter.CreateCounter<long>("objectql.sync.delta.changes", "{change}", "Server changes sent in deltas.");
        Pages = Meter.CreateCounter<long>("objectql.sync.delta.pages", "{page}", "Delta pages sent.");
        Resyncs = Meter.CreateCounter<long>("objectql.sync.resyncs", "{resync}", "Checkpoints answered with a resync, by reason.");
        Pruned = Meter.CreateCounter<long>("objectql.sync.pruned", "{row}", "Rows removed by retention pruning, by table.");
        LoggedChanges = Meter.CreateCounter<long>("objectql.sync.log.changes", "{change}", "Changes written to the change log.");
        PushDuration = Meter.CreateHistogram<double>("objectql.sync.request.duration", "s", "Time to handle one sync request.");
        Meter.CreateObservableGauge("objectql.sync.head.position", () => Volatile.Read(ref _head), "{position}", "The last commit position this process wrote or read.");
    }

    public static SyncServerMetrics Instance { get; } = new();

    public static ActivitySource Source { get; } = new(SyncServerDiagnostics.Name);

    public Meter Meter { get; }

    public Counter<long> Mutations { get; }

    public Counter<long> DeltaChanges { get; }

    public Counter<long> Pages { get; }

    public Counter<long> Resyncs { get; }

    public Counter<long> Pruned { get; }

    public Counter<long> LoggedChanges { get; }

    public Histogram<double> PushDuration { get; }

    public void Committed(long position, int changes)
    {
        SawHead(position);
        LoggedChanges.Add(changes);
    }

    public void SawHead(long position)
    {
        long current;
        do
        {
            current = Volatile.Read(ref _head);
        }
        while (position > current && Interlocked.CompareExchange(ref _head, position, current) != current);
    }

    public void Mutation(string outcome) => Mutations.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}
