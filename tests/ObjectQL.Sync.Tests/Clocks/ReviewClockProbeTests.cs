using Microsoft.Extensions.Time.Testing;
using ObjectQL.Sync.Clocks;

namespace ObjectQL.Sync.Tests.Clocks;

/// <summary>The clock probes of the 2026-12 review (H5, H6, H8) that failed, and the non-blocking <see cref="HybridLogicalClock.Current"/>.</summary>
public sealed class ReviewClockProbeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    private static HlcTimestamp At(DateTimeOffset time, string node, uint counter = 0) => new(time.ToUnixTimeMilliseconds(), counter, node);

    private sealed class CountingStore : IHlcStateStore
    {
        private long? _wall;

        public int Writes { get; private set; }

        public TaskCompletionSource? Hold { get; set; }

        public ValueTask<long?> ReadReservedWallAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_wall);

        public async ValueTask WriteReservedWallAsync(long wallMilliseconds, CancellationToken cancellationToken)
        {
            Writes++;
            if (Hold is { } hold)
            {
                await hold.Task.ConfigureAwait(false);
            }
            _wall = wallMilliseconds;
        }
    }

    [Test]
    public async Task H5_client_clocks_30_s_ahead_do_not_write_the_store_on_every_admission()
    {
        var time = new FakeTimeProvider(T0);
        var store = new CountingStore();
        var clock = await HybridLogicalClock.OpenAsync("server-1", store, time);
        for (var i = 0; i < 1_000; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(5));
            await clock.AdmitAsync(At(time.GetUtcNow() + TimeSpan.FromSeconds(30), "client-x"));
        }
        // 5 s of admissions, each 30 s ahead: the reservation runs a window ahead of the admitted wall time.
        Assert.That(store.Writes, Is.LessThanOrEqualTo(2));
    }

    [TestCase(60)]
    [TestCase(90)]
    public async Task H6_an_hour_fast_device_is_restamped_by_its_skew_however_long_it_was_offline(int offlineMinutes)
    {
        var time = new FakeTimeProvider(T0 + TimeSpan.FromMinutes(offlineMinutes));
        var server = await HybridLogicalClock.OpenAsync("server-1", new InMemoryHlcStateStore(), time);
        // Made at true 10:00:05 on a device an hour fast; pushed offlineMinutes later with the device's current clock.
        var write = At(T0 + TimeSpan.FromHours(1) + TimeSpan.FromSeconds(5), "client-fast");
        var device = At(time.GetUtcNow() + TimeSpan.FromHours(1), "client-fast");
        var admission = await server.AdmitAsync(write, device, floor: null);
        var otherWrite = At(T0 + TimeSpan.FromMinutes(30), "client-b");
        Assert.Multiple(() =>
        {
            Assert.That(admission.Restamped, Is.True);
            Assert.That(admission.Effective, Is.EqualTo(At(T0 + TimeSpan.FromSeconds(5), "client-fast")), "when it was made");
            Assert.That(admission.Effective, Is.LessThan(otherWrite), "loses to a write made 30 minutes after it");
        });
    }

    [Test]
    public async Task H8_two_instances_never_restamp_one_clients_writes_to_one_clock()
    {
        var time = new FakeTimeProvider(T0);
        var a = await HybridLogicalClock.OpenAsync("server-a", new InMemoryHlcStateStore(), time);
        var b = await HybridLogicalClock.OpenAsync("server-b", new InMemoryHlcStateStore(), time);
        var first = (await a.AdmitAsync(At(T0 + TimeSpan.FromSeconds(70), "client-y"))).Effective;
        var second = (await b.AdmitAsync(At(T0 + TimeSpan.FromSeconds(71), "client-y"), deviceClock: null, floor: first)).Effective;
        Assert.That(second, Is.GreaterThan(first));
    }

    [Test]
    public async Task Floor_lifts_an_honest_clock_below_what_its_writer_had_seen()
    {
        var clock = await HybridLogicalClock.OpenAsync("server-1", new InMemoryHlcStateStore(), new FakeTimeProvider(T0));
        var seen = At(T0 + TimeSpan.FromSeconds(50), "client-x");
        var admission = await clock.AdmitAsync(At(T0 + TimeSpan.FromSeconds(40), "client-c"), deviceClock: null, floor: seen);
        Assert.Multiple(() =>
        {
            Assert.That(admission.Effective, Is.EqualTo(new HlcTimestamp(seen.WallMilliseconds, 1, "client-c")));
            Assert.That(admission.Restamped, Is.True);
        });
    }

    [Test]
    public async Task Current_reads_without_waiting_for_a_caller_that_holds_the_clock()
    {
        var time = new FakeTimeProvider(T0);
        var store = new CountingStore();
        var clock = await HybridLogicalClock.OpenAsync("client-1", store, time, HlcOptions.ForClient);
        var issued = await clock.NextAsync();
        time.Advance(TimeSpan.FromMinutes(1));
        store.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pending = clock.NextAsync().AsTask();
        // The pending call holds the clock while its reservation is written; on a single thread a blocking read would never return.
        Assert.Multiple(() =>
        {
            Assert.That(pending.IsCompleted, Is.False);
            Assert.That(clock.Current, Is.EqualTo(issued));
        });
        store.Hold.SetResult();
        var next = await pending;
        Assert.That(clock.Current, Is.EqualTo(next));
    }
}
