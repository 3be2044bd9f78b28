using System.Collections.Immutable;

namespace ObjectQL.Drivers.Memory;

/// <summary>
/// A transaction of <see cref="MemoryDriver"/>: it holds the driver's write lock from begin to commit or rollback and
/// works on its own copy of the (immutable) tables, so a rollback simply drops the copy.
/// </summary>
internal sealed class MemoryTransaction : IDriverTransaction
{
    private readonly MemoryDriver _driver;
    private int _state; // 0 active, 1 committed, 2 rolled back

    public MemoryTransaction(MemoryDriver driver, ImmutableDictionary<string, ImmutableDictionary<string, Record>> tables)
    {
        _driver = driver;
        Tables = tables;
        Sequences = driver.Sequences;
    }

    public ImmutableDictionary<string, ImmutableDictionary<string, Record>> Tables { get; set; }

    public ImmutableDictionary<string, long> Sequences { get; set; }

    public bool IsActive => Volatile.Read(ref _state) == 0;

    public MemoryDriver Driver => _driver;

    public Task CommitAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new ObjectQLException(ErrorCodes.InvalidRequest, "The transaction has already been committed or rolled back.");
        }
        _driver.Publish(Tables, Sequences);
        return Task.CompletedTask;
    }

    public Task RollbackAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, 2, 0) == 0)
        {
            _driver.ReleaseWriter();
        }
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => new(RollbackAsync());
}
