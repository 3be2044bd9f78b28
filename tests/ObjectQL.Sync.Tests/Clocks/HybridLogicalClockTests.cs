using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using ObjectQL.Sync.Clocks;

namespace ObjectQL.Sync.Tests.Clocks;

public sealed class HybridLogicalClockTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 9, 30, 0, TimeSpan.Zero);

    private static ValueTask<HybridLogicalClock> Open(TimeProvider time, IHlcStateStore? store = null, string node = "server-1", HlcOptions? options = null) =>
        HybridLogicalClock.OpenAsync(node, store ?? new InMemoryHlcStateStore(), time, options);

    [Test]
    public async Task Next_uses_the_wall_clock_when_it_moves_forward()
    {
        var time = new FakeTimeProvider(T0);
        var clock = await Open(time);
        var first = await clock.NextAsync();
        time.Advance(TimeSpan.FromMilliseconds(5));
        var second = await clock.NextAsync();
        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(new HlcTimestamp(T0.ToUnixTimeMilliseconds(), 0, "server-1")));
            Assert.That(second, Is.EqualTo(new HlcTimestamp(T0.ToUnixTimeMilliseconds() + 5, 0, "server-1")));
        });
    }

    [Test]
    public async Task Next_counts_up_while_the_wall_clock_stands_still_or_goes_back()
    {
        var time = new SkewedTimeProvider(new FakeTimeProvider(T0), TimeSpan.Zero);
        var clock = await Open(time);
        var first = await clock.NextAsync();
        var second = await clock.NextAsync();
        time.Skew = -TimeSpan.FromMinutes(10);
        var third = await clock.NextAsync();
        Assert.Multiple(() =>
        {
            Assert.That(second, Is.EqualTo(new HlcTimestamp(first.WallMilliseconds, 1, "server-1")));
            Assert.That(third, Is.EqualTo(new HlcTimestamp(first.WallMilliseconds, 2, "server-1")));
        });
    }

    [Test]
    public async Task Receive_returns_a_timestamp_after_the_remote_one_and_every_earlier_local_one()
    {
        var time = new FakeTimeProvider(T0);
        var clock = await Open(time);
        var local = await clock.NextAsync();
        var remote = new HlcTimestamp(T0.ToUnixTimeMilliseconds() + 30_000, 7, "client-a");
        var received = await clock.ReceiveAsync(remote);
        var next = await clock.NextAsync();
        Assert.Multiple(() =>
        {
            Assert.That(received, Is.EqualTo(new HlcTimestamp(remote.WallMilliseconds, 8, "server-1")));
            Assert.That(received > local, Is.True);
            Assert.That(next, Is.EqualTo(new HlcTimestamp(remote.WallMilliseconds, 9, "server-1")));
        });
    }

    [Test]
    public async Task Receive_with_equal_walls_takes_the_larger_counter_plus_one()
    {
        var time = new FakeTimeProvider(T0);
        var clock = await Open(time);
        await clock.NextAsync();
        await clock.NextAsync();
        var received = await clock.ReceiveAsync(new HlcTimestamp(T0.ToUnixTimeMilliseconds(), 40, "client-a"));
        Assert.That(received, Is.EqualTo(new HlcTimestamp(T0.ToUnixTimeMilliseconds(), 41, "server-1")));
    }

    [Test]
    public async Task Receive_of_a_clock_further_ahead_than_the_drift_limit_is_refused_and_changes_nothing()
    {
        var time = new FakeTimeProvider(T0);
        var clock = await Open(time);
        var before = await clock.NextAsync();
        var remote = new HlcTimestamp((T0 + TimeSpan.FromHours(1)).ToUnixTimeMilliseconds(), 0, "client-a");
        var error = Assert.ThrowsAsync<ObjectQLException>(async () => await clock.ReceiveAsync(remote))!;
        var after = await clock.NextAsync();
        Assert.Multiple(() =>
        {
            Assert.That(error.Details[0].Reason, Is.EqualTo("clock_drift"));
            Assert.That(error.Message, Does.Contain("client-a"));
            Assert.That(after, Is.EqualTo(new HlcTimestamp(before.WallMilliseconds, 1, "server-1")));
        });
    }

    [Test]
    public async Task Receive_just_inside_the_drift_limit_is_accepted()
    {
        var time = new FakeTimeProvider(T0);
        var clock = await Open(time, options: new HlcOptions { MaxDrift = TimeSpan.FromSeconds(5) });
        var remote = new HlcTimestamp((T0 + TimeSpan.FromSeconds(5)).ToUnixTimeMilliseconds(), 0, "client-a");
        var received = await clock.ReceiveAsync(remote);
        Assert.That(received.WallMilliseconds, Is.EqualTo(remote.WallMilliseconds));
    }

    [Test]
    public async Task Admit_keeps_a_clock_within_the_drift_limit()
    {
        var time = new FakeTimeProvider(T0);
        var clock = await Open(time);
        var remote = new HlcTimestamp((T0 + TimeSpan.FromSeconds(20)).ToUnixTimeMilliseconds(), 3, "client-a");
        var admission = await clock.AdmitAsync(remote);
        var next = await clock.NextAsync();
        Assert.Multiple(() =>
        {
            Assert.That(admission.Restamped, Is.False);
            Assert.That(admission.Effective, Is.EqualTo(remote));
            Assert.That(next > remote, Is.True, "the server clock moved past the admitted clock");
        });
    }

    [Test]
    public async Task Admit_restamps_a_clock_an_hour_ahead_with_the_server_time_and_the_writer_as_node()
    {
        var time = new FakeTimeProvider(T0);
        var clock = await Open(time);
        var earlier = await clock.NextAsync();
        var remote = new HlcTimestamp((T0 + TimeSpan.FromHours(1)).ToUnixTimeMilliseconds(), 0, "client-a");
        var admission = await clock.AdmitAsync(remote);
        Assert.Multiple(() =>
        {
            Assert.That(admission.Restamped, Is.True);
            Assert.That(admission.Original, Is.EqualTo(remote));
            Assert.That(admission.Effective, Is.EqualTo(new HlcTimestamp(earlier.WallMilliseconds, 1, "client-a")));
            Assert.That(admission.Effective > earlier, Is.True);
        });
    }

    [Test]
    public async Task Counter_overflow_borrows_the_next_millisecond()
    {
        var time = new FakeTimeProvider(T0);
        var clock = await Open(time);
        var received = await clock.ReceiveAsync(new HlcTimestamp(T0.ToUnixTimeMilliseconds(), uint.MaxValue, "client-a"));
        Assert.That(received, Is.EqualTo(new HlcTimestamp(T0.ToUnixTimeMilliseconds() + 1, 0, "server-1")));
    }

    [Test]
    public async Task Reopened_clock_stays_ahead_of_everything_issued_even_when_the_wall_clock_went_back_an_hour()
    {
        var store = new InMemoryHlcStateStore();
        var time = new FakeTimeProvider(T0);
        var clock = await Open(time, store);
        HlcTimestamp last = default;
        for (var i = 0; i < 50; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(300));
            last = await clock.NextAsync();
        }

        var restarted = await Open(new FakeTimeProvider(T0 - TimeSpan.FromHours(1)), store);
        var first = await restarted.NextAsync();
        Assert.That(first > last, Is.True, $"{first} after {last}");
    }

    [Test]
    public async Task File_store_keeps_the_clock_monotonic_across_process_restarts()
    {
        var path = Path.Combine(Path.GetTempPath(), $"hlc-{Guid.NewGuid():N}.state");
        try
        {
            var time = new FakeTimeProvider(T0);
            var clock = await Open(time, new FileHlcStateStore(path));
            var remote = new HlcTimestamp((T0 + TimeSpan.FromSeconds(50)).ToUnixTimeMilliseconds(), 9, "client-a");
            var last = await clock.ReceiveAsync(remote);

            var restarted = await Open(new FakeTimeProvider(T0), new FileHlcStateStore(path));
            var first = await restarted.NextAsync();
            Assert.Multiple(() =>
            {
                Assert.That(File.Exists(path), Is.True);
                Assert.That(first > last, Is.True, $"{first} after {last}");
            });
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public async Task State_is_written_about_once_per_reservation_window_not_per_tick()
    {
        var store = new InMemoryHlcStateStore();
        var time = new FakeTimeProvider(T0);
        var clock = await Open(time, store, options: new HlcOptions { ReservationWindow = TimeSpan.FromSeconds(10) });
        for (var i = 0; i < 1_000; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            await clock.NextAsync();
        }
        // 100 s of ticks with a 10 s window: one write to start, then one per window.
        Assert.That(store.WriteCount, Is.InRange(10, 12));
    }

    [Test]
    public async Task A_failing_store_issues_no_timestamp()
    {
        var time = new FakeTimeProvider(T0);
        var clock = await Open(time, new FailingStore());
        Assert.ThrowsAsync<IOException>(async () => await clock.NextAsync());
        Assert.That(clock.Current.WallMilliseconds, Is.EqualTo(0), "nothing was issued");
    }

    [Test]
    public async Task Concurrent_callers_get_distinct_increasing_timestamps()
    {
        var time = new FakeTimeProvider(T0);
        var clock = await Open(time);
        var all = new ConcurrentBag<HlcTimestamp>();
        var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            HlcTimestamp previous = default;
            var increasing = true;
            for (var i = 0; i < 2_000; i++)
            {
                var next = i % 3 == 0
                    ? await clock.ReceiveAsync(new HlcTimestamp(T0.ToUnixTimeMilliseconds() + i, 0, "client-a"))
                    : await clock.NextAsync();
                increasing &= next > previous;
                previous = next;
                all.Add(next);
            }
            return increasing;
        })).ToList();
        var results = await Task.WhenAll(workers);
        Assert.Multiple(() =>
        {
            Assert.That(results, Is.All.True);
            Assert.That(all.Distinct().Count(), Is.EqualTo(8 * 2_000));
        });
    }

    [Test]
    public async Task Client_clock_an_hour_behind_follows_the_server_clock_it_receives()
    {
        var trueTime = new FakeTimeProvider(T0);
        var client = await Open(new SkewedTimeProvider(trueTime, -TimeSpan.FromHours(1)), node: "client-a", options: HlcOptions.ForClient);
        var server = new HlcTimestamp(T0.ToUnixTimeMilliseconds(), 4, "server-1");
        var received = await client.ReceiveAsync(server);
        trueTime.Advance(TimeSpan.FromSeconds(30));
        var next = await client.NextAsync();
        Assert.Multiple(() =>
        {
            Assert.That(received > server, Is.True);
            Assert.That(next > received, Is.True, "its own wall clock is still an hour behind, so the counter carries on");
            Assert.That(next.WallMilliseconds, Is.EqualTo(server.WallMilliseconds));
        });
    }

    [Test]
    public void Invalid_node_is_refused()
    {
        var error = Assert.ThrowsAsync<ObjectQLException>(async () => await Open(new FakeTimeProvider(T0), node: "has space"))!;
        Assert.That(error.Details[0].Reason, Is.EqualTo("invalid_node"));
    }

    private sealed class FailingStore : IHlcStateStore
    {
        public ValueTask<long?> ReadReservedWallAsync(CancellationToken cancellationToken) => ValueTask.FromResult<long?>(null);

        public ValueTask WriteReservedWallAsync(long wallMilliseconds, CancellationToken cancellationToken) =>
            ValueTask.FromException(new IOException("disk full"));
    }
}
