using System.Text;
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
/// The crdt strategy converges: replicas with skewed clocks write concurrently, every write reaches every replica after a
/// random delay, in random order, some twice, with occasional whole-state gossip in between; at the end all replicas are
/// byte-identical, and equal to the server's crdt resolver fed the same writes in any order that keeps each client's own
/// order, admitted by either of two server instances, with base values and tombstone clocks compared too.
/// </summary>
public sealed class CrdtConvergenceProperties
{
    public sealed record Op(int Replica, bool Delete, Dictionary<string, JsonElement> Fields, int AdvanceMs, bool WithBase = false)
    {
        public override string ToString() =>
            $"r{Replica} {(Delete ? "delete" : string.Join(",", Fields.Select(f => f.Key + "=" + f.Value.GetRawText())))}{(WithBase ? " +base" : "")} +{AdvanceMs}ms";

        // The first field is sent with its base value (so it is no change); the others had another value at base.
        public Dictionary<string, JsonElement>? BaseData => WithBase && !Delete
            ? Fields.Select((f, i) => (f.Key, Value: i == 0 ? f.Value : JsonValues.Parse("\"base\""))).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal)
            : null;
    }

    private static readonly Gen<Op> AnyOp =
        from replica in Gen.Int[0, 4]
        from delete in Gen.Frequency((1, Gen.Const(true)), (40, Gen.Const(false)))
        from fields in AnyFields
        from advance in Gen.Int[0, 1_500]
        from withBase in Gen.Frequency((1, Gen.Const(true)), (3, Gen.Const(false)))
        select new Op(replica, delete, fields, advance, withBase);

    private static readonly Gen<(int Replicas, int[] SkewSeconds, Op[] Ops, int Seed)> AnyHistory =
        from replicas in Gen.Int[3, 5]
        from skews in Gen.Int[-3_600, 3_600].Array[5]
        from ops in AnyOp.Array[1, 40]
        from seed in Gen.Int
        select (replicas, skews, ops.Select(o => o with { Replica = o.Replica % replicas }).ToArray(), seed);

    private sealed record Delivery(double At, int To, MutationLogEntry Mutation, HlcTimestamp Clock, int Order);

    private static (CrdtRecord[] Replicas, List<(MutationLogEntry Mutation, HlcTimestamp Clock)> Writes) Simulate(
        (int Replicas, int[] SkewSeconds, Op[] Ops, int Seed) history)
    {
        var random = new Random(history.Seed);
        var trueTime = new FakeTimeProvider(Build.T0);
        var clocks = Enumerable.Range(0, history.Replicas)
            .Select(r => HybridLogicalClock.OpenAsync($"replica-{r}", new InMemoryHlcStateStore(),
                new SkewedTimeProvider(trueTime, TimeSpan.FromSeconds(history.SkewSeconds[r])), HlcOptions.ForClient).AsTask().Result)
            .ToArray();
        var states = Enumerable.Repeat(CrdtRecord.Empty, history.Replicas).ToArray();
        var inbox = new List<Delivery>();
        var writes = new List<(MutationLogEntry, HlcTimestamp)>();
        var order = 0;

        void Deliver(Delivery d)
        {
            clocks[d.To].ReceiveAsync(d.Clock).AsTask().Wait();
            states[d.To] = states[d.To].Apply(d.Mutation, d.Clock);
        }

        void DeliverDue(double now)
        {
            foreach (var due in inbox.Where(d => d.At <= now).OrderBy(d => d.At).ThenBy(d => d.Order).ToList())
            {
                inbox.Remove(due);
                Deliver(due);
            }
        }

        for (var step = 0; step < history.Ops.Length; step++)
        {
            DeliverDue(step);
            var op = history.Ops[step];
            trueTime.Advance(TimeSpan.FromMilliseconds(op.AdvanceMs));
            var clock = clocks[op.Replica].NextAsync().AsTask().Result;
            var mutation = op.Delete
                ? Build.Mutation(clock.Node, MutationOperation.Delete, 1, clock, id: Build.MutationId(step))
                : Build.Mutation(clock.Node, MutationOperation.Update, 1, clock, op.Fields, op.BaseData, id: Build.MutationId(step));
            states[op.Replica] = states[op.Replica].Apply(mutation, clock);
            writes.Add((mutation, clock));
            for (var to = 0; to < history.Replicas; to++)
            {
                var copies = (to == op.Replica ? 0 : 1) + (random.NextDouble() < 0.3 ? 1 : 0);
                for (var copy = 0; copy < copies; copy++)
                {
                    inbox.Add(new Delivery(step + random.NextDouble() * 12, to, mutation, clock, order++));
                }
            }
            if (random.NextDouble() < 0.15)
            {
                // Whole-state gossip between two replicas, as a client that pulls a merged record would do.
                int from = random.Next(history.Replicas), into = random.Next(history.Replicas);
                states[into] = CrdtRecord.Merge(states[into], states[from]);
            }
        }
        DeliverDue(double.MaxValue);
        return (states, writes);
    }

    [Test]
    public void Replicas_end_byte_identical_whatever_the_delivery_order_duplicates_and_delays()
    {
        AnyHistory.Sample(history =>
        {
            var (replicas, writes) = Simulate(history);
            var expected = writes.Aggregate(CrdtRecord.Empty, (state, w) => state.Apply(w.Mutation, w.Clock)).ToCanonicalJson();
            return replicas.All(r => r.ToCanonicalJson().AsSpan().SequenceEqual(expected));
        }, iter: 300);
    }

    [Test]
    public void Concurrent_edits_of_different_fields_both_survive()
    {
        AnyHistory.Where(h => h.Ops.All(o => !o.Delete)).Sample(history =>
        {
            var (replicas, writes) = Simulate(history);
            // Every field ever written holds the value of its write with the largest clock.
            // Every field ever changed (a field sent with its base value is no change) holds the value of its latest write.
            var changes = writes.Select(w => (w.Clock, Changes: CrdtRules.Changes(w.Mutation.Data, w.Mutation.BaseData))).ToList();
            return changes.SelectMany(w => w.Changes.Keys).Distinct().All(field =>
            {
                var latest = changes.Where(w => w.Changes.ContainsKey(field)).MaxBy(w => w.Clock);
                return replicas.All(r => r.Fields[field].Clock == latest.Clock
                    && JsonValues.ValueEquals(r.Fields[field].Value, latest.Changes[field]));
            });
        }, iter: 200);
    }

    [Test]
    public void Server_crdt_resolver_on_two_instances_agrees_with_the_replicas_in_any_arrival_order()
    {
        Gen.Select(AnyHistory, Gen.Int).Sample((history, seed) =>
        {
            var (_, writes) = Simulate(history);
            var random = new Random(seed);
            var host = new RecordHost(Build.Config(SyncStrategy.Crdt));
            host.Push(Build.Create("server-seed", new HlcTimestamp(0, 0, "server-seed"), ("seed", 0)));
            // Two instances a second apart; replicas up to an hour fast are restamped, within a minute they are not.
            var instances = new[] { 60, 59 }
                .Select(s => HybridLogicalClock.OpenAsync($"server-{s}", new InMemoryHlcStateStore(), new FakeTimeProvider(Build.T0 + TimeSpan.FromSeconds(s))).AsTask().Result)
                .ToArray();
            var admitted = new List<(MutationLogEntry Mutation, HlcTimestamp Clock)>();
            foreach (var (mutation, clock) in ClientOrderedArrival(writes, random))
            {
                var floor = host.Record is { IsDeleted: false } record ? record.ClockSeenBy(1, clock.Node) : null;
                var effective = instances[random.Next(2)].AdmitAsync(clock, deviceClock: null, floor).AsTask().Result.Effective;
                var result = (SyncMutationApplied)host.Push(mutation, effective).Result;
                admitted.Add((mutation, HlcTimestamp.Parse(result.Clock)));
            }
            // A client learns the admitted clocks from its results; its replica merges by them.
            var replica = admitted.Aggregate(CrdtRecord.Empty, (state, w) => state.Apply(w.Mutation, w.Clock));
            var server = host.Record!;
            if (replica.IsDeleted || server.IsDeleted)
            {
                return replica.DeletedAt == server.DeletedAt;
            }
            return replica.Fields.All(f => server.Fields.TryGetValue(f.Key, out var s) && s.Clock == f.Value.Clock && JsonValues.ValueEquals(s.Value, f.Value.Value))
                && server.Fields.Keys.Where(k => k != "seed").All(replica.Fields.ContainsKey);
        }, iter: 200);
    }

    // Any interleaving of the clients' writes that keeps each client's own order: the sequence number guarantees that much.
    private static List<(MutationLogEntry Mutation, HlcTimestamp Clock)> ClientOrderedArrival(
        List<(MutationLogEntry Mutation, HlcTimestamp Clock)> writes, Random random)
    {
        var queues = writes.GroupBy(w => w.Clock.Node).Select(g => new Queue<(MutationLogEntry, HlcTimestamp)>(g)).ToList();
        var arrival = new List<(MutationLogEntry, HlcTimestamp)>();
        while (queues.Any(q => q.Count > 0))
        {
            var open = queues.Where(q => q.Count > 0).ToList();
            arrival.Add(open[random.Next(open.Count)].Dequeue());
        }
        return arrival;
    }

    private static readonly Gen<CrdtRecord> AnyState =
        Gen.Select(AnyOp.Array[0, 6], Gen.Int[0, 3]).Select((ops, nodeOffset) =>
            ops.Select((op, i) => (op, clock: Build.At(op.AdvanceMs / 100.0, $"replica-{(op.Replica + nodeOffset) % 5}", (uint)(i % 2))))
               .Aggregate(CrdtRecord.Empty, (state, x) => state.Apply(
                   x.op.Delete ? Build.Delete(x.clock.Node, 1, x.clock) : Build.Update(x.clock.Node, 1, x.clock, [.. x.op.Fields.Select(f => (f.Key, (object?)f.Value))]),
                   x.clock)));

    private static string Bytes(CrdtRecord state) => Encoding.UTF8.GetString(state.ToCanonicalJson());

    [Test]
    public void Merge_is_commutative()
    {
        Gen.Select(AnyState, AnyState).Sample((a, b) => Bytes(CrdtRecord.Merge(a, b)) == Bytes(CrdtRecord.Merge(b, a)), iter: 2000);
    }

    [Test]
    public void Merge_is_associative()
    {
        Gen.Select(AnyState, AnyState, AnyState).Sample((a, b, c) =>
            Bytes(CrdtRecord.Merge(CrdtRecord.Merge(a, b), c)) == Bytes(CrdtRecord.Merge(a, CrdtRecord.Merge(b, c))), iter: 500);
    }

    [Test]
    public void Merge_is_idempotent()
    {
        AnyState.Sample(a => Bytes(CrdtRecord.Merge(a, a)) == Bytes(a), iter: 500);
    }

    [Test]
    public void Equal_clocks_with_values_equal_as_json_but_spelled_differently_merge_the_same_way_both_ways()
    {
        // Found by Merge_is_commutative (seed dutzuIPfXhD2): 1 and 1.0 under one clock. Both are the canonical value 1.
        var clock = Build.At(7.56, "replica-0", 1);
        var one = CrdtRecord.Empty.Apply(Build.Update("replica-0", 1, clock, ("b", 1)), clock);
        var onePointZero = CrdtRecord.Empty.Apply(Build.Update("replica-0", 1, clock, ("b", JsonValues.Parse("1.0"))), clock);
        Assert.Multiple(() =>
        {
            Assert.That(Bytes(CrdtRecord.Merge(one, onePointZero)), Is.EqualTo(Bytes(CrdtRecord.Merge(onePointZero, one))));
            Assert.That(Bytes(CrdtRecord.Merge(one, onePointZero)), Does.Contain("\"value\":1}"));
        });
    }

    [Test]
    public void Replica_and_server_keep_the_earliest_of_two_delete_clocks()
    {
        var early = Build.Delete("replica-0", 1, Build.At(5, "replica-0"));
        var late = Build.Delete("replica-1", 1, Build.At(9, "replica-1"));
        var replica = CrdtRecord.Empty.Apply(late, Build.At(9, "replica-1")).Apply(early, Build.At(5, "replica-0"));
        Assert.That(replica.DeletedAt, Is.EqualTo(Build.At(5, "replica-0")));
    }

    [Test]
    public void Equal_clocks_with_different_values_still_merge_the_same_way_both_ways()
    {
        var clock = Build.At(1, "replica-0");
        var x = CrdtRecord.Empty.Apply(Build.Update("replica-0", 1, clock, ("a", "x")), clock);
        var y = CrdtRecord.Empty.Apply(Build.Update("replica-0", 1, clock, ("a", "y")), clock);
        Assert.Multiple(() =>
        {
            Assert.That(Bytes(CrdtRecord.Merge(x, y)), Is.EqualTo(Bytes(CrdtRecord.Merge(y, x))));
            Assert.That(CrdtRecord.Merge(x, y).Fields["a"].Value.GetString(), Is.EqualTo("y"), "the larger canonical value");
        });
    }
}
