using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Repositories;

namespace ObjectQL;

/// <summary>
/// Untyped access to one object's records through the full hook pipeline (permissions, validation, system fields,
/// change events). Generated typed repositories are thin wrappers over this, so both paths behave identically.
/// </summary>
public interface IObjectRepository
{
    /// <summary>The object this repository serves.</summary>
    ObjectDefinition Definition { get; }

    /// <summary>Records matching <paramref name="query"/>.</summary>
    Task<IReadOnlyList<Record>> FindAsync(Query query, CancellationToken cancellationToken = default);

    /// <summary>The record with <paramref name="id"/>, or null when there is none (or the caller may not read it).</summary>
    Task<Record?> FindOneAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The number of records matching <paramref name="where"/>.</summary>
    Task<long> CountAsync(Filter? where = null, CancellationToken cancellationToken = default);

    /// <summary>Creates a record and returns it as stored (id, defaults and system fields filled in).</summary>
    Task<Record> CreateAsync(Record data, CancellationToken cancellationToken = default);

    /// <summary>Creates several records, all or none.</summary>
    Task<IReadOnlyList<Record>> CreateManyAsync(IReadOnlyList<Record> data, CancellationToken cancellationToken = default);

    /// <summary>Applies the fields present in <paramref name="patch"/> and returns the record as stored; throws <see cref="ErrorCodes.NotFound"/> when it is missing.</summary>
    Task<Record> UpdateAsync(string id, Record patch, CancellationToken cancellationToken = default);

    /// <summary>Applies <paramref name="patch"/> to every record matching <paramref name="where"/>, all or none; returns how many changed.</summary>
    Task<long> UpdateManyAsync(Filter? where, Record patch, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies each patch to its record, all or none, in one transaction: the same checks, hooks, validation, system fields,
    /// <c>_version</c> compare-and-swap and change events as one <see cref="UpdateAsync"/> per patch, written in one driver
    /// call. Returns how many records changed (every one given; like the other bulk calls it returns a count: read the
    /// records back when you need them). An id that is missing (or not readable) is <see cref="ErrorCodes.NotFound"/>, an
    /// id given twice is <see cref="ErrorCodes.InvalidRequest"/>; either way nothing is written. When nothing needs the
    /// stored records (no update hook, record rule, object rule, unique field, <c>_version</c> in a patch or change
    /// handler), they are not read at all: the driver increments each version itself (docs/pipeline.md, "Batched updates").
    /// </summary>
    Task<long> UpdateManyAsync(IReadOnlyList<RecordPatch> patches, CancellationToken cancellationToken = default);

    /// <summary>Deletes a record; returns false when there was none.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Deletes every record matching <paramref name="where"/>, all or none; returns how many were deleted.</summary>
    Task<long> DeleteManyAsync(Filter? where, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the records with these ids, all or none, in one transaction: the same checks, hooks and change events as one
    /// <see cref="DeleteAsync"/> per id, with the stored records loaded together and deleted in one driver call. Ids that are
    /// missing (or not readable) are skipped, as <see cref="DeleteAsync"/> returns false for them; an id given twice counts once.
    /// Returns how many were deleted.
    /// </summary>
    Task<long> DeleteByIdsAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default);

    /// <summary>Rows of group keys and aggregation aliases.</summary>
    Task<IReadOnlyList<Record>> AggregateAsync(Query query, CancellationToken cancellationToken = default);

    /// <summary>The distinct non-null values of <paramref name="field"/> among records matching <paramref name="where"/>.</summary>
    Task<IReadOnlyList<object>> DistinctAsync(string field, Filter? where = null, CancellationToken cancellationToken = default);

    // The entry Repository<TEntity> calls for every call that has a typed form. The pipeline's own repository serves it
    // with the typed fast paths where they apply; any other repository (a decorator, a remote one) through its records.
    internal IEntityEntry Entities => new RecordEntityEntry(this);
}
