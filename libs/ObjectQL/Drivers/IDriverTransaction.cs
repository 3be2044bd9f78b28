namespace ObjectQL.Drivers;

/// <summary>
/// A driver transaction. Disposing without <see cref="CommitAsync"/> rolls back. Savepoints nest inside it: a rollback to a
/// savepoint undoes only the writes made since it was created, and the transaction goes on. Savepoint names are
/// identifiers (<see cref="SavepointNames.Check"/>); SQL drivers put them into SQL text.
/// </summary>
public interface IDriverTransaction : IAsyncDisposable
{
    /// <summary>Makes the transaction's writes durable and visible.</summary>
    Task CommitAsync(CancellationToken cancellationToken = default);

    /// <summary>Discards the transaction's writes.</summary>
    Task RollbackAsync(CancellationToken cancellationToken = default);

    /// <summary>Marks the current state as savepoint <paramref name="name"/> (SQL <c>SAVEPOINT</c>).</summary>
    ValueTask CreateSavepointAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Undoes every write made since savepoint <paramref name="name"/> was created (SQL <c>ROLLBACK TO SAVEPOINT</c>); the
    /// savepoint stays, later ones are gone. An unknown name is <see cref="ErrorCodes.InvalidRequest"/>.
    /// </summary>
    ValueTask RollbackToSavepointAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Forgets savepoint <paramref name="name"/> and every later one, keeping their writes in the transaction (SQL
    /// <c>RELEASE SAVEPOINT</c>). An unknown name is <see cref="ErrorCodes.InvalidRequest"/>.
    /// </summary>
    ValueTask ReleaseSavepointAsync(string name, CancellationToken cancellationToken = default);
}
