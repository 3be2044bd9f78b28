using ObjectQL.Drivers;

namespace ObjectQL.Cloudflare.Kv;

/// <summary>
/// The inner driver's transaction as <see cref="KvQueryCache"/> hands it out: it remembers which objects were written
/// and gives them new generations once the commit has succeeded, so no read between the write and the commit can
/// cache the old data under the new generation.
/// </summary>
internal sealed class CacheTransaction(KvQueryCache cache, IDriverTransaction inner) : IDriverTransaction
{
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);

    public IDriverTransaction Inner => inner;

    public void Touch(string objectName)
    {
        lock (_written)
        {
            _written.Add(objectName);
        }
    }

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await inner.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Also after a failed commit: whether a batch applied is not always knowable, and a spare generation is cheap.
            string[] names;
            lock (_written)
            {
                names = [.. _written];
                _written.Clear();
            }
            await cache.InvalidateAsync(names, CancellationToken.None).ConfigureAwait(false);
        }
    }

    public Task RollbackAsync(CancellationToken cancellationToken = default) => inner.RollbackAsync(cancellationToken);

    public ValueTask CreateSavepointAsync(string name, CancellationToken cancellationToken = default) => inner.CreateSavepointAsync(name, cancellationToken);

    public ValueTask RollbackToSavepointAsync(string name, CancellationToken cancellationToken = default) => inner.RollbackToSavepointAsync(name, cancellationToken);

    public ValueTask ReleaseSavepointAsync(string name, CancellationToken cancellationToken = default) => inner.ReleaseSavepointAsync(name, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
