using System.Data;
using ObjectQL.Drivers;
using ObjectQL.Metadata;
using ObjectQL.Querying;

namespace ObjectQL.Sql.Tests;

/// <summary>A real SQL driver, passed through, that counts which read path the pipeline took.</summary>
internal sealed class CountingDriver(SqlDriver inner) : IObjectQLDriver, ITypedReadDriver, ISequenceDriver
{
    public Task<long> ReserveAsync(ObjectDefinition definition, string field, int count, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        inner.ReserveAsync(definition, field, count, transaction, cancellationToken);

    public int TypedReads { get; private set; }

    public int RecordReads { get; private set; }

    public string Name => inner.Name;

    public Task InitializeAsync(ObjectModel model, CancellationToken cancellationToken = default) => inner.InitializeAsync(model, cancellationToken);

    public Task<IDriverTransaction> BeginTransactionAsync(IsolationLevel isolationLevel = IsolationLevel.Unspecified, CancellationToken cancellationToken = default) =>
        inner.BeginTransactionAsync(isolationLevel, cancellationToken);

    public Task<IReadOnlyList<Record>> FindAsync(ObjectDefinition definition, Query query, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        RecordReads++;
        return inner.FindAsync(definition, query, transaction, cancellationToken);
    }

    public Task<Record?> FindOneAsync(ObjectDefinition definition, string id, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        RecordReads++;
        return inner.FindOneAsync(definition, id, transaction, cancellationToken);
    }

    public Task<IReadOnlyList<TEntity>> FindAsync<TEntity>(ObjectDefinition definition, Query query, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
        where TEntity : class, IEntity<TEntity>
    {
        TypedReads++;
        return inner.FindAsync<TEntity>(definition, query, transaction, cancellationToken);
    }

    public Task<TEntity?> FindOneAsync<TEntity>(ObjectDefinition definition, string id, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
        where TEntity : class, IEntity<TEntity>
    {
        TypedReads++;
        return inner.FindOneAsync<TEntity>(definition, id, transaction, cancellationToken);
    }

    public Task<long> CountAsync(ObjectDefinition definition, Filter? where, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        inner.CountAsync(definition, where, transaction, cancellationToken);

    public Task InsertAsync(ObjectDefinition definition, IReadOnlyList<Record> records, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        inner.InsertAsync(definition, records, transaction, cancellationToken);

    public Task<IReadOnlyList<bool>> UpdateAsync(ObjectDefinition definition, IReadOnlyList<RecordChange> changes, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        inner.UpdateAsync(definition, changes, transaction, cancellationToken);

    public Task<IReadOnlyList<bool>> DeleteAsync(ObjectDefinition definition, IReadOnlyList<string> ids, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        inner.DeleteAsync(definition, ids, transaction, cancellationToken);

    public Task<IReadOnlyList<Record>> AggregateAsync(ObjectDefinition definition, Query query, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        inner.AggregateAsync(definition, query, transaction, cancellationToken);

    public Task<IReadOnlyList<object>> DistinctAsync(ObjectDefinition definition, string field, Filter? where, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        inner.DistinctAsync(definition, field, where, transaction, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
