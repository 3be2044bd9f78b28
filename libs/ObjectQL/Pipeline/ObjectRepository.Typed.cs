using ObjectQL.Drivers;
using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Repositories;
using ObjectQL.Security;

namespace ObjectQL.Pipeline;

/// <summary>
/// The typed entry of <see cref="Repository{TEntity}"/> (<see cref="IEntityEntry"/>). Reads: when nothing needs the
/// records themselves, the driver fills entities straight from its rows (<see cref="ITypedReadDriver"/>); permissions,
/// normalization and before-hooks run exactly as for record reads. Creates are in the <c>TypedCreate</c> partial.
/// </summary>
internal sealed partial class ObjectRepository : IEntityEntry
{
    IEntityEntry IObjectRepository.Entities => this;

    // Reads skip records unless the driver lacks the capability, an after-find hook may replace the records, the object
    // has summary fields, or the session may not read some field (records get masked). The guard is built only when it decides.
    private ITypedReadDriver? TypedReader(out PermissionGuard? guard)
    {
        guard = null;
        // Entities compute their formulas themselves; summaries are filled through records (ComputedFields).
        if (DriverCapabilities.Get<ITypedReadDriver>(Driver) is not { } typed || Hooks.Any(HookTiming.After, HookOperation.Find, Definition.Name)
            || ComputedFields.Of(Definition).Summaries.Count > 0)
        {
            return null;
        }
        guard = Guard(_session);
        return guard.HidesFields ? null : typed;
    }

    Task<IReadOnlyList<TEntity>> IEntityEntry.FindAsync<TEntity>(Query query, CancellationToken cancellationToken) =>
        query is { Expand.Count: > 0 }
            ? Task.FromException<IReadOnlyList<TEntity>>(ObjectQLException.InvalidRequest(
                "A typed find returns entities, whose reference properties hold ids; expand through an untyped find (Object(name).FindAsync).",
                "expand", "invalid_expand"))
            : TypedReader(out var guard) is { } reader
            ? FindTypedAsync<TEntity>(reader, guard!, query, cancellationToken)
            : RecordEntityEntry.FindAsync<TEntity>(this, query, cancellationToken);

    private async Task<IReadOnlyList<TEntity>> FindTypedAsync<TEntity>(ITypedReadDriver reader, PermissionGuard guard, Query query, CancellationToken cancellationToken)
        where TEntity : class, IEntity<TEntity>
    {
        ArgumentNullException.ThrowIfNull(query);
        // TypedReader checked that no after-find hook is registered, so the before stage is the whole hook pipeline.
        var (prepared, _) = await PrepareFindAsync(query, guard, cancellationToken).ConfigureAwait(false);
        return await reader.FindAsync<TEntity>(Definition, prepared, _session.Transaction, cancellationToken).ConfigureAwait(false);
    }

    Task<TEntity?> IEntityEntry.FindOneAsync<TEntity>(string id, CancellationToken cancellationToken)
        where TEntity : class
    {
        try
        {
            ArgumentNullException.ThrowIfNull(id);
            if (TypedReader(out var guard) is not { } reader)
            {
                return RecordEntityEntry.FindOneAsync<TEntity>(this, id, cancellationToken);
            }
            RecordInput.CheckId(Definition, id);
            if (Hooks.Any(HookOperation.Find, Definition.Name))
            {
                return FindOneThroughFindAsync<TEntity>(reader, guard!, id, cancellationToken);
            }
            guard!.RequireObject(PermissionAction.Read);
            if (guard.RowFilter(PermissionAction.Read) is null)
            {
                // The common case hands back the driver's own task: no further async layer (and, when the store
                // completes asynchronously, no further state machine on the heap) for a keyed read.
                return reader.FindOneAsync<TEntity>(Definition, id, _session.Transaction, cancellationToken);
            }
            return FindOneCheckedAsync<TEntity>(guard, id, cancellationToken);
        }
        catch (Exception exception)
        {
            // Argument and permission errors surface through the task, as from the record read.
            return Task.FromException<TEntity?>(exception);
        }
    }

    // Record rules are checked on the stored record, as the record read does.
    private async Task<TEntity?> FindOneCheckedAsync<TEntity>(PermissionGuard guard, string id, CancellationToken cancellationToken)
        where TEntity : class, IEntity<TEntity>
    {
        var stored = await Driver.FindOneAsync(Definition, id, _session.Transaction, cancellationToken).ConfigureAwait(false);
        return stored is not null && guard.Allows(PermissionAction.Read, stored) ? TEntity.FromRecord(stored) : null;
    }

    // With find hooks, findOne is a find of the id with limit 1, so the hooks see it.
    private async Task<TEntity?> FindOneThroughFindAsync<TEntity>(ITypedReadDriver reader, PermissionGuard guard, string id, CancellationToken cancellationToken)
        where TEntity : class, IEntity<TEntity>
    {
        var rows = await FindTypedAsync<TEntity>(reader, guard, ById(id), cancellationToken).ConfigureAwait(false);
        return rows.Count > 0 ? rows[0] : null;
    }

    Task<long> IEntityEntry.UpdateManyOwnedAsync(IReadOnlyList<RecordPatch> patches, CancellationToken cancellationToken) =>
        UpdateManyAsync(patches, ownsPatches: true, cancellationToken);

    private static Query ById(string id) => new() { Where = new Filter.Comparison(SystemFields.Id, FilterOperator.Eq, id), Limit = 1 };
}
