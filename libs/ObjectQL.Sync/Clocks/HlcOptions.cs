namespace ObjectQL.Sync.Clocks;

/// <summary>Settings of a <see cref="HybridLogicalClock"/>.</summary>
public sealed record HlcOptions
{
    /// <summary>The default <see cref="MaxDrift"/>: 60 seconds.</summary>
    public static readonly TimeSpan DefaultMaxDrift = TimeSpan.FromSeconds(60);

    /// <summary>The default <see cref="ReservationWindow"/>: 10 seconds.</summary>
    public static readonly TimeSpan DefaultReservationWindow = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How far ahead of this node's physical clock a remote timestamp may be. Beyond it,
    /// <see cref="HybridLogicalClock.ReceiveAsync"/> refuses the timestamp and <see cref="HybridLogicalClock.AdmitAsync"/> restamps it,
    /// so one fast device cannot drag every clock into its future.
    /// </summary>
    public TimeSpan MaxDrift { get; init; } = DefaultMaxDrift;

    /// <summary>
    /// How far beyond the physical time the persisted wall-time bound is moved when it is reached; larger means fewer
    /// store writes, and after a restart at most this much clock lead.
    /// </summary>
    public TimeSpan ReservationWindow { get; init; } = DefaultReservationWindow;
}
