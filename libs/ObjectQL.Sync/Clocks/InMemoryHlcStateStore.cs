namespace ObjectQL.Sync.Clocks;

/// <summary>An <see cref="IHlcStateStore"/> held in memory: survives reopening a clock within one process (tests, in-memory stores).</summary>
public sealed class InMemoryHlcStateStore : IHlcStateStore
{
    private readonly Lock _lock = new();
    private long? _reserved;

    /// <summary>How many times the bound was written.</summary>
    public int WriteCount { get; private set; }

    /// <summary>The bound last written, or null.</summary>
    public long? ReservedWall
    {
        get
        {
            lock (_lock)
            {
                return _reserved;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<long?> ReadReservedWallAsync(CancellationToken cancellationToken) => ValueTask.FromResult(ReservedWall);

    /// <inheritdoc />
    public ValueTask WriteReservedWallAsync(long wallMilliseconds, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            _reserved = wallMilliseconds;
            WriteCount++;
        }
        return ValueTask.CompletedTask;
    }
}
