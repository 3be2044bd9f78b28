namespace ObjectQL.Sync.Clocks;

/// <summary>Settings of a <see cref="HybridLogicalClock"/>.</summary>
public sealed record HlcOptions
{
    /// <summary>The default <see cref="MaxDrift"/>: 60 seconds.</summary>
    public static readonly TimeSpan DefaultMaxDrift = TimeSpan.FromSeconds(60);

    /// <summary>The default <see cref="ReservationWindow"/>: 10 seconds.</summary>
    public static readonly TimeSpan DefaultReservationWindow = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The settings of a client's clock: no drift guard. A client receives clocks only from its server, which is the
    /// authority on time and has already restamped every clock beyond its own guard; a client whose wall clock is behind
    /// must follow the server's clock, not refuse it.
    /// </summary>
    public static HlcOptions ForClient { get; } = new() { MaxDrift = null };

    /// <summary>
    /// How far ahead of this node's physical clock a remote timestamp may be; null for no limit. Beyond it,
    /// <see cref="HybridLogicalClock.ReceiveAsync"/> refuses the timestamp and <see cref="HybridLogicalClock.AdmitAsync(HlcTimestamp, HlcTimestamp?, HlcTimestamp?, CancellationToken)"/> restamps it,
    /// so one fast device cannot drag every clock into its future. Default 60 s (<see cref="DefaultMaxDrift"/>), the server's setting.
    /// </summary>
    public TimeSpan? MaxDrift { get; init; } = DefaultMaxDrift;

    /// <summary>
    /// How far beyond the physical time the persisted wall-time bound is moved when it is reached; larger means fewer
    /// store writes, and after a restart at most this much clock lead.
    /// </summary>
    public TimeSpan ReservationWindow { get; init; } = DefaultReservationWindow;
}
