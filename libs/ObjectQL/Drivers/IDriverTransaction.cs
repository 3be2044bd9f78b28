namespace ObjectQL.Drivers;

/// <summary>A driver transaction. Disposing without <see cref="CommitAsync"/> rolls back.</summary>
public interface IDriverTransaction : IAsyncDisposable
{
    /// <summary>Makes the transaction's writes durable and visible.</summary>
    Task CommitAsync(CancellationToken cancellationToken = default);

    /// <summary>Discards the transaction's writes.</summary>
    Task RollbackAsync(CancellationToken cancellationToken = default);
}
