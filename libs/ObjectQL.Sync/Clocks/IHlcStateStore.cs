namespace ObjectQL.Sync.Clocks;

/// <summary>
/// Where a <see cref="HybridLogicalClock"/> keeps, across restarts, a wall time that every timestamp it issued lies below.
/// A client keeps it in its local store, a server in its database.
/// </summary>
public interface IHlcStateStore
{
    /// <summary>The persisted bound in Unix milliseconds, or null when nothing was ever persisted.</summary>
    ValueTask<long?> ReadReservedWallAsync(CancellationToken cancellationToken);

    /// <summary>Durably replaces the bound; the clock issues no timestamp at or above it before this completes.</summary>
    ValueTask WriteReservedWallAsync(long wallMilliseconds, CancellationToken cancellationToken);
}
