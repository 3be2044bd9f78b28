namespace ObjectQL.Drivers;

/// <summary>
/// An optional driver capability: the database server's own clock, so processes over one database can check their
/// wall clocks against one reference (the sync server refuses to issue clocks while its clock is off, docs/sync-protocol.md 4.3).
/// </summary>
public interface IDatabaseClockDriver
{
    /// <summary>
    /// The database server's current time (read outside any transaction), or null when the store has no clock of its own
    /// (an embedded store such as SQLite runs on the caller's clock).
    /// </summary>
    Task<DateTimeOffset?> DatabaseNowAsync(CancellationToken cancellationToken = default);
}
