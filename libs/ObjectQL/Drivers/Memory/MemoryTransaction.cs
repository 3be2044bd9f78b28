using System.Collections.Immutable;

namespace ObjectQL.Drivers.Memory;

/// <summary>
/// A transaction of <see cref="MemoryDriver"/>: it holds the driver's write lock from begin to commit or rollback and
/// works on its own copy of the (immutable) tables, so a rollback simply drops the copy. A savepoint is the copy as it
/// was when the savepoint was made (immutable, so keeping it costs nothing), and rolling back to it puts it back.
/// </summary>
internal sealed class MemoryTransaction : IDriverTransaction
{
    private readonly MemoryDriver _driver;
    // Created by the first savepoint: most transactions never make one.
    private List<(string Name, ImmutableDictionary<string, ImmutableDictionary<string, Record>> Tables, ImmutableDictionary<string, long> Sequences)>? _savepoints;
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

    public ValueTask CreateSavepointAsync(string name, CancellationToken cancellationToken = default)
    {
        SavepointNames.Check(name);
        _driver.Own(this);
        (_savepoints ??= []).Add((name, Tables, Sequences));
        return ValueTask.CompletedTask;
    }

    public ValueTask RollbackToSavepointAsync(string name, CancellationToken cancellationToken = default)
    {
        var index = Find(name);
        (_, Tables, Sequences) = _savepoints![index];
        _savepoints.RemoveRange(index + 1, _savepoints.Count - index - 1);
        return ValueTask.CompletedTask;
    }

    public ValueTask ReleaseSavepointAsync(string name, CancellationToken cancellationToken = default)
    {
        var index = Find(name);
        _savepoints!.RemoveRange(index, _savepoints.Count - index);
        return ValueTask.CompletedTask;
    }

    // The latest savepoint of that name, as in SQL, where a newer savepoint of the same name hides the older one.
    private int Find(string name)
    {
        SavepointNames.Check(name);
        _driver.Own(this);
        var index = _savepoints?.FindLastIndex(s => string.Equals(s.Name, name, StringComparison.Ordinal)) ?? -1;
        return index >= 0 ? index : throw SavepointNames.Unknown(name);
    }
}
