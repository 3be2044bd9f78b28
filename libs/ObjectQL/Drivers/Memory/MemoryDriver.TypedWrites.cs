using ObjectQL.Entities;
using ObjectQL.Metadata;

namespace ObjectQL.Drivers.Memory;

/// <summary>
/// The memory driver's typed inserts and version-incrementing updates. It stores records, so entities become records
/// here; the capabilities exist so the pipeline's typed and read-free write paths run on the reference driver too.
/// </summary>
public sealed partial class MemoryDriver : ITypedWriteDriver, IVersionIncrementingDriver
{
    /// <inheritdoc />
    public Task InsertAsync<TEntity>(ObjectDefinition definition, IReadOnlyList<TEntity> entities, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
        where TEntity : class, IEntity<TEntity>
    {
        ArgumentNullException.ThrowIfNull(entities);
        var records = new Record[entities.Count];
        for (var i = 0; i < records.Length; i++)
        {
            records[i] = EntityImages.Stored(entities[i] ?? throw new ArgumentException("The entities may not contain null.", nameof(entities)));
        }
        return InsertAsync(definition, records, transaction, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<bool>> UpdateIncrementingVersionAsync(
        ObjectDefinition definition, IReadOnlyList<RecordChange> changes, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        foreach (var change in changes)
        {
            IncrementingChanges.Check(change, nameof(changes));
        }
        return UpdateCoreAsync(definition, changes, incrementVersion: true, transaction, cancellationToken);
    }
}
