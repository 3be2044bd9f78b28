using ObjectQL.Querying;

namespace ObjectQL.Repositories;

/// <summary>
/// The typed calls of <see cref="Repository{TEntity}"/>, each of which decides by itself whether entities go through
/// records: the repository asks nothing and never learns which repository serves it.
/// </summary>
internal interface IEntityEntry
{
    Task<IReadOnlyList<TEntity>> FindAsync<TEntity>(Query query, CancellationToken cancellationToken)
        where TEntity : class, IEntity<TEntity>;

    Task<TEntity?> FindOneAsync<TEntity>(string id, CancellationToken cancellationToken)
        where TEntity : class, IEntity<TEntity>;

    /// <summary>Creates <paramref name="entities"/> and returns new entities as stored; the ones given are not changed.</summary>
    Task<IReadOnlyList<TEntity>> CreateManyAsync<TEntity>(IReadOnlyList<TEntity> entities, CancellationToken cancellationToken)
        where TEntity : class, IEntity<TEntity>;

    /// <summary>The batched per-record update of patch records built for this call, which may be converted and stamped in place.</summary>
    Task<long> UpdateManyOwnedAsync(IReadOnlyList<RecordPatch> patches, CancellationToken cancellationToken);
}

/// <summary>The typed calls over any <see cref="IObjectRepository"/>, through its records.</summary>
internal sealed class RecordEntityEntry(IObjectRepository inner) : IEntityEntry
{
    public Task<IReadOnlyList<TEntity>> FindAsync<TEntity>(Query query, CancellationToken cancellationToken)
        where TEntity : class, IEntity<TEntity> => FindAsync<TEntity>(inner, query, cancellationToken);

    public Task<TEntity?> FindOneAsync<TEntity>(string id, CancellationToken cancellationToken)
        where TEntity : class, IEntity<TEntity> => FindOneAsync<TEntity>(inner, id, cancellationToken);

    public Task<IReadOnlyList<TEntity>> CreateManyAsync<TEntity>(IReadOnlyList<TEntity> entities, CancellationToken cancellationToken)
        where TEntity : class, IEntity<TEntity> => CreateManyAsync(inner, entities, cancellationToken);

    public Task<long> UpdateManyOwnedAsync(IReadOnlyList<RecordPatch> patches, CancellationToken cancellationToken) =>
        inner.UpdateManyAsync(patches, cancellationToken);

    public static async Task<IReadOnlyList<TEntity>> FindAsync<TEntity>(IObjectRepository repository, Query query, CancellationToken cancellationToken)
        where TEntity : class, IEntity<TEntity>
    {
        var records = await repository.FindAsync(query, cancellationToken).ConfigureAwait(false);
        return FromRecords<TEntity>(records);
    }

    public static async Task<TEntity?> FindOneAsync<TEntity>(IObjectRepository repository, string id, CancellationToken cancellationToken)
        where TEntity : class, IEntity<TEntity>
    {
        var record = await repository.FindOneAsync(id, cancellationToken).ConfigureAwait(false);
        return record is null ? null : TEntity.FromRecord(record);
    }

    public static async Task<IReadOnlyList<TEntity>> CreateManyAsync<TEntity>(
        IObjectRepository repository, IReadOnlyList<TEntity> entities, CancellationToken cancellationToken)
        where TEntity : class, IEntity<TEntity>
    {
        var records = new Record[entities.Count];
        for (var i = 0; i < records.Length; i++)
        {
            records[i] = entities[i].ToRecord();
        }
        var stored = await repository.CreateManyAsync(records, cancellationToken).ConfigureAwait(false);
        return FromRecords<TEntity>(stored);
    }

    private static TEntity[] FromRecords<TEntity>(IReadOnlyList<Record> records)
        where TEntity : class, IEntity<TEntity>
    {
        var entities = new TEntity[records.Count];
        for (var i = 0; i < entities.Length; i++)
        {
            entities[i] = TEntity.FromRecord(records[i]);
        }
        return entities;
    }
}
