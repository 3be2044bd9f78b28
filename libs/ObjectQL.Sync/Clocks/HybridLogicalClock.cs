using System.Runtime.CompilerServices;

namespace ObjectQL.Sync.Clocks;

/// <summary>
/// A hybrid logical clock (Kulkarni et al., 2014). <see cref="NextAsync"/> stamps a local event (send rule),
/// <see cref="ReceiveAsync"/> merges a remote timestamp (receive rule), so a timestamp issued after seeing another is
/// always larger than it, however wrong either wall clock is. Timestamps only grow, also across restarts: the clock
/// persists a bound above every wall time it issued (<see cref="IHlcStateStore"/>) and starts from it. Safe for
/// concurrent callers.
/// </summary>
public sealed class HybridLogicalClock
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly IHlcStateStore _store;
    private readonly TimeProvider _time;
    private long _wall;
    private uint _counter;
    private long _reservedWall;
    // Published whole after each issue, so Current reads it without the gate (a struct that large cannot be written atomically).
    private volatile StrongBox<HlcTimestamp> _current;

    private HybridLogicalClock(string node, IHlcStateStore store, TimeProvider time, HlcOptions options, long reservedWall)
    {
        Node = node;
        Options = options;
        _store = store;
        _time = time;
        _reservedWall = reservedWall;
        // Every earlier timestamp lies below the persisted bound, so starting from it keeps the clock monotonic.
        _wall = reservedWall;
        _current = new StrongBox<HlcTimestamp>(new HlcTimestamp(reservedWall, 0, node));
    }

    /// <summary>The node this clock stamps its events with (a client id, or a server instance's id).</summary>
    public string Node { get; }

    /// <summary>The clock's settings.</summary>
    public HlcOptions Options { get; }

    /// <summary>
    /// The last wall time and counter issued (or the restored floor); for diagnostics. Never blocks (browser WebAssembly
    /// has one thread): it reads the last published timestamp.
    /// </summary>
    public HlcTimestamp Current => _current.Value;

    /// <summary>Opens a clock, restoring its persisted state.</summary>
    /// <param name="node">The node id stamped on every timestamp.</param>
    /// <param name="store">Where the clock persists its wall-time bound.</param>
    /// <param name="time">The physical clock.</param>
    /// <param name="options">Drift and reservation settings; the defaults when null.</param>
    /// <param name="cancellationToken">Cancels reading the state.</param>
    public static async ValueTask<HybridLogicalClock> OpenAsync(
        string node, IHlcStateStore store, TimeProvider time, HlcOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        if (!HlcTimestamp.IsValidNode(node))
        {
            throw ObjectQLException.InvalidRequest($"'{node}' is not a valid clock node: 1 to {HlcTimestamp.MaxNodeLength} printable ASCII characters without spaces.", nameof(node), "invalid_node");
        }
        options ??= new HlcOptions();
        if (options.MaxDrift <= TimeSpan.Zero || options.ReservationWindow <= TimeSpan.Zero)
        {
            throw ObjectQLException.InvalidRequest("MaxDrift and ReservationWindow must be positive.", nameof(options), "out_of_range");
        }
        var reserved = await store.ReadReservedWallAsync(cancellationToken).ConfigureAwait(false) ?? 0;
        return new HybridLogicalClock(node, store, time, options, reserved);
    }

    /// <summary>Stamps a local event or a message about to be sent (the send rule).</summary>
    public async ValueTask<HlcTimestamp> NextAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var physical = PhysicalNow();
            var (wall, counter) = physical > _wall ? (physical, 0u) : Tick(_wall, _counter);
            return await CommitAsync(wall, counter, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Merges a remote timestamp (the receive rule) and returns the local timestamp of the receive event, which is
    /// larger than both the remote one and every earlier local one. Throws an <see cref="ErrorCodes.InvalidRequest"/>
    /// error with reason <c>clock_drift</c>, changing nothing, when the remote wall time is more than
    /// <see cref="HlcOptions.MaxDrift"/> ahead of this node's physical time.
    /// </summary>
    public async ValueTask<HlcTimestamp> ReceiveAsync(HlcTimestamp remote, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var physical = PhysicalNow();
            EnsureWithinDrift(remote, physical);
            return await MergeAsync(remote, physical, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The clock a remote write is ordered by, without a device clock or a floor (see the full overload).</summary>
    public ValueTask<ClockAdmission> AdmitAsync(HlcTimestamp remote, CancellationToken cancellationToken = default) =>
        AdmitAsync(remote, deviceClock: null, floor: null, cancellationToken);

    /// <summary>
    /// The clock a remote write is ordered by.
    /// <list type="number">
    /// <item>When <paramref name="deviceClock"/> (the request's <c>clientClock</c>) is more than <see cref="HlcOptions.MaxDrift"/>
    /// ahead of this node, the device is fast: the write's wall time is moved back by that skew, whatever the write's age,
    /// so an hour-fast device that was offline for an hour still ranks its writes when they were made.</item>
    /// <item>Otherwise a write more than <see cref="HlcOptions.MaxDrift"/> ahead is restamped with this clock's next timestamp.</item>
    /// <item>Never below <paramref name="floor"/> (the largest clock the writer had seen of the record,
    /// <c>RecordState.ClockSeenBy</c>): the result is then the floor's successor, so a restamp on any instance sorts after
    /// everything the writer saw, its own earlier writes included.</item>
    /// </list>
    /// The remote node is kept as the tie-break. A clock within the drift limit is merged into this clock.
    /// </summary>
    public async ValueTask<ClockAdmission> AdmitAsync(HlcTimestamp remote, HlcTimestamp? deviceClock, HlcTimestamp? floor, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var physical = PhysicalNow();
            HlcTimestamp effective;
            if (deviceClock is { } device && !IsWithinDrift(device, physical))
            {
                var skew = device.WallMilliseconds - physical;
                effective = new HlcTimestamp(Math.Max(0, remote.WallMilliseconds - skew), remote.Counter, remote.Node);
            }
            else if (IsWithinDrift(remote, physical))
            {
                effective = remote;
            }
            else
            {
                var (wall, counter) = physical > _wall ? (physical, 0u) : Tick(_wall, _counter);
                effective = (await CommitAsync(wall, counter, cancellationToken).ConfigureAwait(false)).WithNode(remote.Node);
            }
            if (floor is { } seen && effective <= seen)
            {
                effective = seen.Successor().WithNode(remote.Node);
            }
            if (IsWithinDrift(effective, physical))
            {
                await MergeAsync(effective, physical, cancellationToken).ConfigureAwait(false);
            }
            return new ClockAdmission(remote, effective, Restamped: effective != remote);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async ValueTask<HlcTimestamp> MergeAsync(HlcTimestamp remote, long physical, CancellationToken cancellationToken)
    {
        var wall = Math.Max(Math.Max(_wall, remote.WallMilliseconds), physical);
        (long Wall, uint Counter) next;
        if (wall == _wall && wall == remote.WallMilliseconds)
        {
            next = Tick(wall, Math.Max(_counter, remote.Counter));
        }
        else if (wall == _wall)
        {
            next = Tick(wall, _counter);
        }
        else if (wall == remote.WallMilliseconds)
        {
            next = Tick(wall, remote.Counter);
        }
        else
        {
            next = (wall, 0u);
        }
        return await CommitAsync(next.Wall, next.Counter, cancellationToken).ConfigureAwait(false);
    }

    private bool IsWithinDrift(HlcTimestamp remote, long physical) =>
        Options.MaxDrift is not { } limit || remote.WallMilliseconds - physical <= (long)limit.TotalMilliseconds;

    private void EnsureWithinDrift(HlcTimestamp remote, long physical)
    {
        if (!IsWithinDrift(remote, physical))
        {
            var ahead = TimeSpan.FromMilliseconds(remote.WallMilliseconds - physical);
            throw ObjectQLException.InvalidRequest(
                $"The clock {remote} of node '{remote.Node}' is {ahead.TotalSeconds:0.###} s ahead of this node, more than the allowed {Options.MaxDrift!.Value.TotalSeconds:0.###} s; fix that device's clock.",
                "clock", "clock_drift");
        }
    }

    // A counter overflow borrows the next millisecond, which keeps the order total at the cost of 1 ms of lead.
    private static (long Wall, uint Counter) Tick(long wall, uint counter) =>
        counter == uint.MaxValue ? (wall + 1, 0u) : (wall, counter + 1);

    private async ValueTask<HlcTimestamp> CommitAsync(long wall, uint counter, CancellationToken cancellationToken)
    {
        if (wall >= _reservedWall)
        {
            // Persist before handing the timestamp out: after a crash the clock restarts above it.
            // From the larger of the wall time and the physical time: a clock pulled ahead by a remote stays reserved for a
            // whole window instead of writing the store on every event.
            var reserved = Math.Max(wall, PhysicalNow()) + (long)Options.ReservationWindow.TotalMilliseconds;
            await _store.WriteReservedWallAsync(reserved, cancellationToken).ConfigureAwait(false);
            _reservedWall = reserved;
        }
        _wall = wall;
        _counter = counter;
        var issued = new HlcTimestamp(wall, counter, Node);
        _current = new StrongBox<HlcTimestamp>(issued);
        return issued;
    }

    private long PhysicalNow() => _time.GetUtcNow().ToUnixTimeMilliseconds();
}

/// <summary>How a remote write's clock was admitted by <see cref="HybridLogicalClock.AdmitAsync(HlcTimestamp, HlcTimestamp?, HlcTimestamp?, CancellationToken)"/>.</summary>
/// <param name="Original">The clock the writer sent.</param>
/// <param name="Effective">The clock the write is ordered by.</param>
/// <param name="Restamped">True when the original was too far ahead and was replaced.</param>
public readonly record struct ClockAdmission(HlcTimestamp Original, HlcTimestamp Effective, bool Restamped);
