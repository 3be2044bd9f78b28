using System.Data;
using ObjectQL.Drivers;
using ObjectQL.Metadata;
using ObjectQL.Querying;

namespace ObjectQL.Testing;

/// <summary>
/// A driver that hands every <see cref="IObjectQLDriver"/> call to a real one underneath: the base for test decorators
/// that count calls or leave a capability out. It offers none of the optional capabilities
/// (<see cref="ITypedReadDriver"/>, <see cref="ITypedWriteDriver"/>, <see cref="IVersionIncrementingDriver"/>,
/// <see cref="ISequenceDriver"/>) itself, so the pipeline sees exactly those a derived class forwards.
/// </summary>
public abstract class PassThroughDriver(IObjectQLDriver inner) : IObjectQLDriver
{
    private int _disposed;

    /// <summary>The driver every call goes to.</summary>
    protected IObjectQLDriver Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <inheritdoc />
    public virtual string Name => Inner.Name;

    /// <inheritdoc />
    public virtual Task InitializeAsync(ObjectModel model, CancellationToken cancellationToken = default) => Inner.InitializeAsync(model, cancellationToken);

    /// <inheritdoc />
    public virtual Task<IDriverTransaction> BeginTransactionAsync(IsolationLevel isolationLevel = IsolationLevel.Unspecified, CancellationToken cancellationToken = default) =>
        Inner.BeginTransactionAsync(isolationLevel, cancellationToken);

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<Record>> FindAsync(ObjectDefinition definition, Query query, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        Inner.FindAsync(definition, query, transaction, cancellationToken);

    /// <inheritdoc />
    public virtual Task<Record?> FindOneAsync(ObjectDefinition definition, string id, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        Inner.FindOneAsync(definition, id, transaction, cancellationToken);

    /// <inheritdoc />
    public virtual Task<long> CountAsync(ObjectDefinition definition, Filter? where, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        Inner.CountAsync(definition, where, transaction, cancellationToken);

    /// <inheritdoc />
    public virtual Task InsertAsync(ObjectDefinition definition, IReadOnlyList<Record> records, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        Inner.InsertAsync(definition, records, transaction, cancellationToken);

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<bool>> UpdateAsync(ObjectDefinition definition, IReadOnlyList<RecordChange> changes, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        Inner.UpdateAsync(definition, changes, transaction, cancellationToken);

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<bool>> DeleteAsync(ObjectDefinition definition, IReadOnlyList<string> ids, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        Inner.DeleteAsync(definition, ids, transaction, cancellationToken);

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<Record>> AggregateAsync(ObjectDefinition definition, Query query, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        Inner.AggregateAsync(definition, query, transaction, cancellationToken);

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<object>> DistinctAsync(ObjectDefinition definition, string field, Filter? where, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        Inner.DistinctAsync(definition, field, where, transaction, cancellationToken);

    /// <summary>Disposes the inner driver, once however often this is called (the database and a test may both do it).</summary>
    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return Interlocked.Exchange(ref _disposed, 1) == 0 ? Inner.DisposeAsync() : ValueTask.CompletedTask;
    }
}
