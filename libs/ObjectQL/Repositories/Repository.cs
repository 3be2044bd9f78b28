using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Repositories;

namespace ObjectQL;

/// <summary>
/// The typed repository of <typeparamref name="TEntity"/>; generated repositories derive from it.
/// Every call goes through the same pipeline as the untyped <see cref="IObjectRepository"/> it wraps. Over the database's
/// own repositories, finds and creates skip the records when the driver can (<see cref="Drivers.ITypedReadDriver"/>,
/// <see cref="Drivers.ITypedWriteDriver"/>) and nothing needs the records (docs/pipeline.md); the pipeline decides that
/// per call. Over any other <see cref="IObjectRepository"/> every call goes through its records.
/// </summary>
/// <typeparam name="TEntity">The generated entity type.</typeparam>
public partial class Repository<TEntity>
    where TEntity : class, IEntity<TEntity>
{
    // Chosen once: the pipeline's own entry for its repositories, the record path for any other.
    private readonly IEntityEntry _entities;

    /// <summary>Wraps <paramref name="inner"/>, which must serve <typeparamref name="TEntity"/>'s object.</summary>
    public Repository(IObjectRepository inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (!string.Equals(inner.Definition.Name, TEntity.Definition.Name, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"A repository of '{TEntity.Definition.Name}' cannot wrap the repository of '{inner.Definition.Name}'.", nameof(inner));
        }
        Inner = inner;
        _entities = inner.Entities;
    }

    /// <summary>The untyped repository underneath.</summary>
    public IObjectRepository Inner { get; }

    /// <summary>The object definition.</summary>
    public ObjectDefinition Definition => TEntity.Definition;

    /// <summary>Entities matching <paramref name="where"/>, sorted by <paramref name="orderBy"/>, paged by <paramref name="limit"/>/<paramref name="offset"/>.</summary>
    public Task<IReadOnlyList<TEntity>> FindAsync(
        Filter? where = null, SortSpec? orderBy = null, int? limit = null, int? offset = null, CancellationToken cancellationToken = default) =>
        FindAsync(new Query { Where = where, OrderBy = orderBy is { } sort ? [sort] : [], Limit = limit, Offset = offset }, cancellationToken);

    /// <summary>
    /// Entities matching <paramref name="where"/>, sorted by every entry of <paramref name="orderBy"/> in turn (ties broken
    /// by <c>id</c>), paged by <paramref name="limit"/>/<paramref name="offset"/>. With <paramref name="fields"/> only
    /// those fields are loaded (plus <c>id</c>); the entities' other properties stay unset.
    /// </summary>
    public Task<IReadOnlyList<TEntity>> FindAsync(
        Filter? where, IReadOnlyList<SortSpec> orderBy, int? limit = null, int? offset = null, IReadOnlyList<string>? fields = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(orderBy);
        return FindAsync(new Query { Where = where, OrderBy = orderBy, Limit = limit, Offset = offset, Fields = Projection(fields) }, cancellationToken);
    }

    /// <summary>Entities matching <paramref name="where"/>, sorted by <paramref name="orderBy"/> in turn; see the overload with paging.</summary>
    public Task<IReadOnlyList<TEntity>> FindAsync(Filter? where, params SortSpec[] orderBy) =>
        FindAsync(where, (IReadOnlyList<SortSpec>)orderBy);

    /// <summary>Entities matching a full <paramref name="query"/>.</summary>
    public Task<IReadOnlyList<TEntity>> FindAsync(Query query, CancellationToken cancellationToken = default) =>
        _entities.FindAsync<TEntity>(query, cancellationToken);

    /// <summary>The entity with <paramref name="id"/>, or null.</summary>
    public Task<TEntity?> FindOneAsync(string id, CancellationToken cancellationToken = default) =>
        _entities.FindOneAsync<TEntity>(id, cancellationToken);

    /// <summary>The number of entities matching <paramref name="where"/>.</summary>
    public Task<long> CountAsync(Filter? where = null, CancellationToken cancellationToken = default) =>
        Inner.CountAsync(where, cancellationToken);

    /// <summary>
    /// Creates <paramref name="entity"/> and returns a new entity as stored (id, system fields and version set);
    /// <paramref name="entity"/> itself is not changed.
    /// </summary>
    public async Task<TEntity> CreateAsync(TEntity entity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var created = await _entities.CreateManyAsync<TEntity>([entity], cancellationToken).ConfigureAwait(false);
        return created[0];
    }

    /// <summary>
    /// Creates several entities, all or none, and returns new entities as stored, in the order given; the entities
    /// passed in are not changed.
    /// </summary>
    public async Task<IReadOnlyList<TEntity>> CreateManyAsync(IEnumerable<TEntity> entities, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entities);
        var list = new List<TEntity>(entities.TryGetNonEnumeratedCount(out var count) ? count : 0);
        foreach (var entity in entities)
        {
            ArgumentNullException.ThrowIfNull(entity, nameof(entities));
            list.Add(entity);
        }
        return await _entities.CreateManyAsync<TEntity>(list, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Applies the fields <paramref name="patch"/> sets and returns the entity as stored. A patch that sets nothing
    /// changes nothing (no new version, no <c>updated_at</c>, no change event).
    /// </summary>
    public async Task<TEntity> UpdateAsync(string id, IPatch<TEntity> patch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patch);
        var stored = await Inner.UpdateAsync(id, patch.ToRecord(), cancellationToken).ConfigureAwait(false);
        return TEntity.FromRecord(stored);
    }

    /// <summary>
    /// Applies the fields <paramref name="patch"/> sets only if the stored entity is still at
    /// <paramref name="expectedVersion"/> (compare-and-swap), and returns the entity as stored. Another version is
    /// <see cref="ErrorCodes.Conflict"/> naming the record and both versions, and nothing is written.
    /// </summary>
    public async Task<TEntity> UpdateAsync(string id, IPatch<TEntity> patch, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patch);
        var record = patch.ToRecord();
        record[SystemFields.Version] = expectedVersion;
        var stored = await Inner.UpdateAsync(id, record, cancellationToken).ConfigureAwait(false);
        return TEntity.FromRecord(stored);
    }

    /// <summary>Applies <paramref name="patch"/> to every entity matching <paramref name="where"/>; returns how many changed.</summary>
    public Task<long> UpdateManyAsync(Filter? where, IPatch<TEntity> patch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patch);
        return Inner.UpdateManyAsync(where, patch.ToRecord(), cancellationToken);
    }

    /// <summary>
    /// Applies each patch to the entity with its id, all or none, in one transaction, and returns how many entities
    /// changed; see <see cref="IObjectRepository.UpdateManyAsync(IReadOnlyList{RecordPatch}, CancellationToken)"/>.
    /// </summary>
    public Task<long> UpdateManyAsync(IEnumerable<(string Id, IPatch<TEntity> Patch)> patches, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patches);
        var records = new List<RecordPatch>(patches.TryGetNonEnumeratedCount(out var count) ? count : 0);
        foreach (var (id, patch) in patches)
        {
            ArgumentNullException.ThrowIfNull(patch, nameof(patches));
            records.Add(new RecordPatch(id, patch.ToRecord()));
        }
        // The records are this call's own, so the pipeline may convert and stamp them in place instead of copying.
        return _entities.UpdateManyOwnedAsync(records, cancellationToken);
    }

    /// <summary>Deletes the entity with <paramref name="id"/>; false when there was none.</summary>
    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        Inner.DeleteAsync(id, cancellationToken);

    /// <summary>
    /// Deletes the entities with these ids, all or none, in one transaction; missing ids are skipped. Returns how many were
    /// deleted; see <see cref="IObjectRepository.DeleteByIdsAsync"/>.
    /// </summary>
    public Task<long> DeleteByIdsAsync(IEnumerable<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return Inner.DeleteByIdsAsync(ids as IReadOnlyList<string> ?? [.. ids], cancellationToken);
    }

    /// <summary>Deletes every entity matching <paramref name="where"/>; returns how many.</summary>
    public Task<long> DeleteManyAsync(Filter? where, CancellationToken cancellationToken = default) =>
        Inner.DeleteManyAsync(where, cancellationToken);

    /// <summary>
    /// Rows of the <see cref="Query.GroupBy"/> keys and <see cref="Query.Aggregations"/> aliases, ordered by the group
    /// keys. The query takes <c>where</c>, <c>groupBy</c> and <c>aggregations</c> only (anything else is
    /// <see cref="ErrorCodes.InvalidRequest"/>); the caller needs read permission on every field it names.
    /// </summary>
    public Task<IReadOnlyList<Record>> AggregateAsync(Query query, CancellationToken cancellationToken = default) =>
        Inner.AggregateAsync(query, cancellationToken);

    /// <summary>
    /// The distinct non-null values of <paramref name="field"/> among entities matching <paramref name="where"/>, in the
    /// field's sort order, as <typeparamref name="TValue"/> (a select field's values come back as its enum members).
    /// </summary>
    public async Task<IReadOnlyList<TValue>> DistinctAsync<TValue>(
        FieldDescriptor<TEntity, TValue> field, Filter? where = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(field);
        var values = await Inner.DistinctAsync(field.Name, where, cancellationToken).ConfigureAwait(false);
        var typed = new TValue[values.Count];
        for (var i = 0; i < typed.Length; i++)
        {
            typed[i] = field.FromCanonical(values[i]);
        }
        return typed;
    }

    // A projection always carries the id, so every entity it yields can still be updated or deleted.
    private static IReadOnlyList<string>? Projection(IReadOnlyList<string>? fields) =>
        fields is null || fields.Contains(SystemFields.Id, StringComparer.Ordinal) ? fields : [SystemFields.Id, .. fields];
}
