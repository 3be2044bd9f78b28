using System.Text.Json;
using CsCheck;
using Microsoft.Extensions.Time.Testing;
using ObjectQL.Metadata;
using ObjectQL.Sync.Clocks;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Resolution;
using ObjectQL.Sync.Tests.Clocks;
using ObjectQL.Sync.Tests.Resolution;
using static ObjectQL.Sync.Tests.Properties.Histories;

namespace ObjectQL.Sync.Tests.Properties;

/// <summary>
/// last-write-wins never lets a write lose to one it causally followed: clients with wall clocks up to an hour off pull,
/// write offline and push in random interleavings through a server that admits their clocks; every time a client value
/// does not make it into the record, the write it lost to must be one the client had not seen. Record level means a write
/// that loses on one field is discarded whole; the audit names the fields it lost on, and the holders of those are the
/// writes it lost to.
/// </summary>
public sealed class LastWriteWinsCausalityProperties
{
    public sealed record Step(int Kind, int Client, Dictionary<string, JsonElement> Fields, int AdvanceMs)
    {
        public override string ToString() =>
            $"{(Kind switch { 0 => "pull", 1 => "push", 2 => "update", _ => "create-over" })} c{Client} {string.Join(",", Fields.Select(f => f.Key + "=" + f.Value.GetRawText()))} +{AdvanceMs}ms";
    }

    private static readonly Gen<(int[] SkewSeconds, string[] ConflictFields, Step[] Steps)> AnyRun =
        from skews in Gen.Int[-3_600, 3_600].Array[4]
        from conflictFields in AnyConflictFields
        from steps in (from kind in Gen.Int[0, 3]
                       from client in Gen.Int[0, 3]
                       from fields in AnyFields
                       from advance in Gen.Int[0, 90_000]
                       select new Step(kind, client, fields, advance)).Array[5, 60]
        select (skews, conflictFields, steps);

    private sealed class Client(HybridLogicalClock clock)
    {
        public HybridLogicalClock Clock { get; } = clock;
        public long Version { get; set; }
        public HashSet<string> Seen { get; } = new(StringComparer.Ordinal);
        public List<(MutationLogEntry Mutation, HashSet<string> CausalPast)> Queue { get; } = [];
        public long Sequence { get; set; }
    }

    [Test]
    public void A_write_never_loses_to_a_write_it_causally_followed()
    {
        AnyRun.Sample(run =>
        {
            var trueTime = new FakeTimeProvider(Build.T0);
            var serverClock = HybridLogicalClock.OpenAsync("server-1", new InMemoryHlcStateStore(), trueTime).AsTask().Result;
            var clients = Enumerable.Range(0, 4).Select(i => new Client(HybridLogicalClock.OpenAsync(Histories.Client(i), new InMemoryHlcStateStore(),
                new SkewedTimeProvider(trueTime, TimeSpan.FromSeconds(run.SkewSeconds[i])), HlcOptions.ForClient).AsTask().Result)).ToArray();
            var host = new RecordHost(Build.Config(SyncStrategy.LastWriteWins, run.ConflictFields));
            var writerOf = new Dictionary<HlcTimestamp, string>();
            var processed = new List<string>();
            var violations = new List<string>();
            var lostWithoutAudit = 0;

            var seedClock = serverClock.NextAsync().AsTask().Result.WithNode("seeder");
            var seed = Build.Create("seeder", seedClock, ("a", 0), ("b", 0), ("c", 0), ("d", 0)) with { Id = Build.MutationId(0) };
            host.Push(seed, seedClock);
            writerOf[seedClock] = seed.Id;
            processed.Add(seed.Id);

            void Pull(Client client)
            {
                client.Version = host.Record!.Version;
                client.Seen.UnionWith(processed);
                client.Clock.ReceiveAsync(host.Record.Clock).AsTask().Wait();
            }

            void Push(Client client)
            {
                foreach (var (mutation, causalPast) in client.Queue)
                {
                    var floor = host.Record is { IsDeleted: false } current ? current.ClockSeenBy(mutation.BaseVersion ?? 0, mutation.ClientId) : null;
                    var effective = serverClock.AdmitAsync(HlcTimestamp.Parse(mutation.Clock), deviceClock: null, floor).AsTask().Result.Effective;
                    var resolution = host.Push(mutation, effective);
                    writerOf[effective] = mutation.Id;
                    processed.Add(mutation.Id);
                    // The audit names the write that beat this one (its clock); record level, that write's win discards the
                    // client's other fields too. That write must be one the client had not seen, and every field the client
                    // lost is held by a write with a later clock.
                    var record = host.Record!;
                    if (resolution.Audit is { Outcome: ConflictOutcome.ServerWon or ConflictOutcome.Merged } audit)
                    {
                        var winner = writerOf[audit.ServerClock];
                        if (causalPast.Contains(winner))
                        {
                            violations.Add($"{mutation.Id} lost to {winner}, which it had seen ({resolution.Result})");
                        }
                        if (audit.ServerClock < effective)
                        {
                            violations.Add($"{mutation.Id} at {effective} lost to the earlier {audit.ServerClock}");
                        }
                    }
                    lostWithoutAudit += resolution.Result is SyncMutationApplied && mutation.Data!.Count(f => !JsonValues.ValueEquals(f.Value, record.ValueOf(f.Key))) > 0 && resolution.Audit is null ? 1 : 0;
                }
                client.Queue.Clear();
            }

            foreach (var client in clients)
            {
                Pull(client);
            }
            var counter = 1;
            foreach (var step in run.Steps)
            {
                trueTime.Advance(TimeSpan.FromMilliseconds(step.AdvanceMs));
                var client = clients[step.Client];
                switch (step.Kind)
                {
                    case 0:
                        Pull(client);
                        break;
                    case 1:
                        Push(client);
                        break;
                    default:
                        var clock = client.Clock.NextAsync().AsTask().Result;
                        // A create over the existing id is rejected (already_exists) and changes nothing.
                        var mutation = step.Kind == 2
                            ? Build.Mutation(clock.Node, MutationOperation.Update, client.Version, clock, step.Fields, sequence: ++client.Sequence, id: Build.MutationId(counter++))
                            : Build.Mutation(clock.Node, MutationOperation.Create, null, clock, step.Fields, sequence: ++client.Sequence, id: Build.MutationId(counter++));
                        client.Queue.Add((mutation, new HashSet<string>(client.Seen, StringComparer.Ordinal)));
                        client.Seen.Add(mutation.Id);
                        break;
                }
            }
            foreach (var client in clients)
            {
                Push(client);
            }
            Assert.That(violations, Is.Empty);
            Assert.That(lostWithoutAudit, Is.Zero, "every discarded value is audited");
        }, iter: 300);
    }
}
