using Microsoft.Extensions.Time.Testing;
using ObjectQL.Metadata;
using ObjectQL.Sync.Clocks;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Tests.Clocks;
using static ObjectQL.Sync.Tests.Resolution.Build;

namespace ObjectQL.Sync.Tests.Resolution;

/// <summary>
/// Example 13 of docs/sync-protocol.md: clients whose wall clocks are an hour off, with real clocks on every side
/// (one <see cref="FakeTimeProvider"/> as true time, each device skewed from it) and the server admitting their clocks.
/// </summary>
public sealed class ClockSkewTests
{
    private sealed class World
    {
        public FakeTimeProvider TrueTime { get; } = new(T0);

        public async Task<HybridLogicalClock> Device(string node, TimeSpan skew) =>
            await HybridLogicalClock.OpenAsync(node, new InMemoryHlcStateStore(), new SkewedTimeProvider(TrueTime, skew),
                node.StartsWith("server", StringComparison.Ordinal) ? new HlcOptions() : HlcOptions.ForClient);
    }

    [TestCase(SyncStrategy.LastWriteWins)]
    [TestCase(SyncStrategy.Crdt)]
    public async Task Client_an_hour_ahead_does_not_win_over_a_later_write(SyncStrategy strategy)
    {
        var world = new World();
        var server = await world.Device("server-1", TimeSpan.Zero);
        var fast = await world.Device("client-fast", TimeSpan.FromHours(1));
        var normal = await world.Device("client-b", TimeSpan.Zero);
        var host = new RecordHost(Config(strategy));
        host.Push(Create("client-b", await normal.NextAsync(), ("title", "Call Bob")), (await server.AdmitAsync(At(0, "client-b"))).Effective);

        world.TrueTime.Advance(TimeSpan.FromSeconds(10));
        var fastWrite = Update("client-fast", 1, await fast.NextAsync(), ("title", "From the fast clock"));
        var fastAdmission = await server.AdmitAsync(HlcTimestamp.Parse(fastWrite.Clock));
        host.Push(fastWrite, fastAdmission.Effective);

        world.TrueTime.Advance(TimeSpan.FromMinutes(1));
        var laterWrite = Update("client-b", 1, await normal.NextAsync(), ("title", "A minute later"));
        var laterAdmission = await server.AdmitAsync(HlcTimestamp.Parse(laterWrite.Clock));
        host.Push(laterWrite, laterAdmission.Effective);

        Assert.Multiple(() =>
        {
            Assert.That(fastAdmission.Restamped, Is.True);
            Assert.That(laterAdmission.Restamped, Is.False);
            Assert.That(host["title"], Is.EqualTo("\"A minute later\""), "an hour-fast clock must not win every conflict");
        });
    }

    [TestCase(SyncStrategy.LastWriteWins)]
    [TestCase(SyncStrategy.Crdt)]
    public async Task Client_an_hour_behind_still_wins_over_what_it_has_seen(SyncStrategy strategy)
    {
        var world = new World();
        var server = await world.Device("server-1", TimeSpan.Zero);
        var slow = await world.Device("client-slow", -TimeSpan.FromHours(1));
        var other = await world.Device("client-b", TimeSpan.Zero);
        var host = new RecordHost(Config(strategy));
        host.Push(Create("client-b", await other.NextAsync(), ("title", "Call Bob")));
        world.TrueTime.Advance(TimeSpan.FromSeconds(5));
        var otherWrite = Update("client-b", 1, await other.NextAsync(), ("title", "Call Robert"));
        host.Push(otherWrite, (await server.AdmitAsync(HlcTimestamp.Parse(otherWrite.Clock))).Effective);

        // client-slow pulls version 2 (its change carries the record clock) and then edits it.
        world.TrueTime.Advance(TimeSpan.FromSeconds(5));
        await slow.ReceiveAsync(host.Record!.Clock);
        var slowWrite = Update("client-slow", 2, await slow.NextAsync(), ("title", "Call Bobby"));
        var slowClock = (await server.AdmitAsync(HlcTimestamp.Parse(slowWrite.Clock))).Effective;
        var result = (SyncMutationApplied)host.Push(slowWrite, slowClock).Result;

        Assert.Multiple(() =>
        {
            Assert.That(slowClock > HlcTimestamp.Parse(otherWrite.Clock), Is.True, "its clock follows what it received, not its wall clock");
            Assert.That(result.Outcome, Is.EqualTo(ApplyOutcome.Accepted));
            Assert.That(host["title"], Is.EqualTo("\"Call Bobby\""));
        });
    }

    [Test]
    public async Task Without_the_drift_guard_an_hour_fast_clock_would_win_which_is_what_the_guard_prevents()
    {
        var world = new World();
        var fast = await world.Device("client-fast", TimeSpan.FromHours(1));
        var normal = await world.Device("client-b", TimeSpan.Zero);
        var host = new RecordHost(Config(SyncStrategy.LastWriteWins));
        host.Push(Create("client-b", await normal.NextAsync(), ("title", "Call Bob")));
        host.Push(Update("client-fast", 1, await fast.NextAsync(), ("title", "From the fast clock")));
        world.TrueTime.Advance(TimeSpan.FromMinutes(1));
        host.Push(Update("client-b", 1, await normal.NextAsync(), ("title", "A minute later")));
        Assert.That(host["title"], Is.EqualTo("\"From the fast clock\""), "raw clocks: the fast device wins, so the server must admit clocks");
    }
}
