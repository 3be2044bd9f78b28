using ObjectQL.Drivers;
using ObjectQL.Metadata;

namespace ObjectQL.Sql;

/// <summary>
/// Typed inserts (<see cref="ITypedWriteDriver"/>): the same prepared INSERT as record inserts, its arguments filled
/// from each entity's generated <see cref="IEntity{TSelf}.WriteRow"/>; and updates that increment the stored version
/// in SQL (<see cref="IVersionIncrementingDriver"/>).
/// </summary>
public partial class SqlDriver : ITypedWriteDriver, IVersionIncrementingDriver
{
    /// <inheritdoc />
    public async Task InsertAsync<TEntity>(ObjectDefinition definition, IReadOnlyList<TEntity> entities, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
        where TEntity : class, IEntity<TEntity>
    {
        ArgumentNullException.ThrowIfNull(entities);
        var table = TableFor(definition);
        if (!string.Equals(TEntity.Definition.Name, definition.Name, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Entities of '{TEntity.Definition.Name}' cannot be inserted as '{definition.Name}'.", nameof(entities));
        }
        var own = Own(transaction);
        if (entities.Count == 0)
        {
            return;
        }
        for (var i = 0; i < entities.Count; i++)
        {
            if (entities[i] is null)
            {
                throw new ArgumentException("The entities may not contain null.", nameof(entities));
            }
        }
        try
        {
            await InsertRowsAsync(table, entities.Count, (table, entities, new SqlRowTarget.InstantCache()), static (state, row, arguments, offset) =>
            {
                var (table, entities, instants) = state;
                var target = new SqlRowTarget(table, arguments, offset, instants);
                TEntity.WriteRow(entities[row], ref target);
                if (arguments[offset + table.Layout[0]].Value is not string { Length: > 0 })
                {
                    throw ObjectQLException.InvalidRequest($"A record of '{table.Definition.Name}' reached the driver without an id.", SystemFields.Id, "missing_id");
                }
            }, own, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (Translate(exception, table) is { } failure)
        {
            throw failure;
        }
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
