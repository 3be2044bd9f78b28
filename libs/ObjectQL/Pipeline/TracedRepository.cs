using System.Diagnostics;
using ObjectQL.Metadata;
using ObjectQL.Observability;
using ObjectQL.Querying;
using ObjectQL.Repositories;

namespace ObjectQL.Pipeline;

/// <summary>
/// A session's repository while someone listens to <see cref="ObjectQLTelemetry.SourceName"/>: every call becomes one
/// activity and one duration measurement around the pipeline's own repository. Sessions hand it out only while a listener
/// is attached, so without one the pipeline runs with no wrapper and no cost.
/// </summary>
internal sealed class TracedRepository(ObjectRepository inner, string system) : IObjectRepository, IEntityEntry
{
    public ObjectDefinition Definition => inner.Definition;

    IEntityEntry IObjectRepository.Entities => this;

    public Task<IReadOnlyList<Record>> FindAsync(Query query, CancellationToken cancellationToken = default) =>
        Trace("find", (inner, query), static (s, ct) => s.inner.FindAsync(s.query, ct), cancellationToken);

    public Task<Record?> FindOneAsync(string id, CancellationToken cancellationToken = default) =>
        Trace("findOne", (inner, id), static (s, ct) => s.inner.FindOneAsync(s.id, ct), cancellationToken);

    public Task<long> CountAsync(Filter? where = null, CancellationToken cancellationToken = default) =>
        Trace("count", (inner, where), static (s, ct) => s.inner.CountAsync(s.where, ct), cancellationToken);

    public Task<Record> CreateAsync(Record data, CancellationToken cancellationToken = default) =>
        Trace("create", (inner, data), static (s, ct) => s.inner.CreateAsync(s.data, ct), cancellationToken);

    public Task<IReadOnlyList<Record>> CreateManyAsync(IReadOnlyList<Record> data, CancellationToken cancellationToken = default) =>
        Trace("createMany", (inner, data), static (s, ct) => s.inner.CreateManyAsync(s.data, ct), cancellationToken);

    public Task<Record> UpdateAsync(string id, Record patch, CancellationToken cancellationToken = default) =>
        Trace("update", (inner, id, patch), static (s, ct) => s.inner.UpdateAsync(s.id, s.patch, ct), cancellationToken);

    public Task<long> UpdateManyAsync(Filter? where, Record patch, CancellationToken cancellationToken = default) =>
        Trace("updateMany", (inner, where, patch), static (s, ct) => s.inner.UpdateManyAsync(s.where, s.patch, ct), cancellationToken);

    public Task<long> UpdateManyAsync(IReadOnlyList<RecordPatch> patches, CancellationToken cancellationToken = default) =>
        Trace("updateMany", (inner, patches), static (s, ct) => s.inner.UpdateManyAsync(s.patches, ct), cancellationToken);

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        Trace("delete", (inner, id), static (s, ct) => s.inner.DeleteAsync(s.id, ct), cancellationToken);

    public Task<long> DeleteManyAsync(Filter? where, CancellationToken cancellationToken = default) =>
        Trace("deleteMany", (inner, where), static (s, ct) => s.inner.DeleteManyAsync(s.where, ct), cancellationToken);

    public Task<long> DeleteByIdsAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default) =>
        Trace("deleteMany", (inner, ids), static (s, ct) => s.inner.DeleteByIdsAsync(s.ids, ct), cancellationToken);

    public Task<IReadOnlyList<Record>> AggregateAsync(Query query, CancellationToken cancellationToken = default) =>
        Trace("aggregate", (inner, query), static (s, ct) => s.inner.AggregateAsync(s.query, ct), cancellationToken);

    public Task<IReadOnlyList<object>> DistinctAsync(string field, Filter? where = null, CancellationToken cancellationToken = default) =>
        Trace("distinct", (inner, field, where), static (s, ct) => s.inner.DistinctAsync(s.field, s.where, ct), cancellationToken);

    // The typed calls keep the pipeline's typed fast paths: they go to the repository's own entry, timed the same way.
    Task<IReadOnlyList<TEntity>> IEntityEntry.FindAsync<TEntity>(Query query, CancellationToken cancellationToken) =>
        Trace("find", (entry: (IEntityEntry)inner, query), static (s, ct) => s.entry.FindAsync<TEntity>(s.query, ct), cancellationToken);

    Task<TEntity?> IEntityEntry.FindOneAsync<TEntity>(string id, CancellationToken cancellationToken)
        where TEntity : class =>
        Trace("findOne", (entry: (IEntityEntry)inner, id), static (s, ct) => s.entry.FindOneAsync<TEntity>(s.id, ct), cancellationToken);

    Task<IReadOnlyList<TEntity>> IEntityEntry.CreateManyAsync<TEntity>(IReadOnlyList<TEntity> entities, CancellationToken cancellationToken) =>
        // The typed CreateAsync arrives here with one entity; it is named as the record call would be.
        Trace(entities.Count == 1 ? "create" : "createMany", (entry: (IEntityEntry)inner, entities), static (s, ct) => s.entry.CreateManyAsync(s.entities, ct), cancellationToken);

    Task<long> IEntityEntry.UpdateManyOwnedAsync(IReadOnlyList<RecordPatch> patches, CancellationToken cancellationToken) =>
        Trace("updateMany", (entry: (IEntityEntry)inner, patches), static (s, ct) => s.entry.UpdateManyOwnedAsync(s.patches, ct), cancellationToken);

    private async Task<T> Trace<TState, T>(string operation, TState state, Func<TState, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var traced = RepositoryTelemetry.Instrumentation.Start(ActivityKind.Internal, system, operation, inner.Definition.Name);
        try
        {
            var result = await call(state, cancellationToken).ConfigureAwait(false);
            traced.Complete();
            return result;
        }
        catch (Exception exception)
        {
            traced.Fail(exception);
            throw;
        }
    }
}
