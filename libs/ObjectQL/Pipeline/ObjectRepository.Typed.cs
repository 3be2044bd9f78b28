using ObjectQL.Drivers;
using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Security;

namespace ObjectQL;

/// <summary>
/// Typed reads: when nothing needs the records themselves, the driver fills entities straight from its rows
/// (<see cref="ITypedReadDriver"/>). Permissions, normalization and before-hooks run exactly as for record reads.
/// </summary>
internal sealed partial class ObjectRepository
{
    /// <summary>
    /// The typed reader to use, or null when reads must go through records: the driver lacks the capability, an
    /// after-find hook may replace the records, or the session may not read some field (records get masked).
    /// </summary>
    internal ITypedReadDriver? TypedReader()
    {
        if (DriverCapabilities.Get<ITypedReadDriver>(Driver) is not { } typed || Hooks.Any(HookTiming.After, HookOperation.Find, Definition.Name))
        {
            return null;
        }
        return Guard(_session).HidesFields ? null : typed;
    }

    /// <summary>The typed form of <see cref="FindAsync"/>; call only when <see cref="TypedReader"/> gave <paramref name="reader"/>.</summary>
    internal async Task<IReadOnlyList<TEntity>> FindTypedAsync<TEntity>(ITypedReadDriver reader, Query query, CancellationToken cancellationToken)
        where TEntity : class, IEntity<TEntity>
    {
        ArgumentNullException.ThrowIfNull(query);
        // TypedReader checked that no after-find hook is registered, so the before stage is the whole hook pipeline.
        var (prepared, _, _) = await PrepareFindAsync(query, cancellationToken).ConfigureAwait(false);
        return await reader.FindAsync<TEntity>(Definition, prepared, _session.Transaction, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The typed form of <see cref="FindOneAsync"/>; call only when <see cref="TypedReader"/> gave <paramref name="reader"/>.</summary>
    internal Task<TEntity?> FindOneTypedAsync<TEntity>(ITypedReadDriver reader, string id, CancellationToken cancellationToken)
        where TEntity : class, IEntity<TEntity>
    {
        try
        {
            ArgumentNullException.ThrowIfNull(id);
            RecordInput.CheckId(Definition, id);
            if (!Hooks.Any(HookOperation.Find, Definition.Name))
            {
                var guard = Guard(_session);
                guard.RequireObject(PermissionAction.Read);
                if (guard.RowFilter(PermissionAction.Read) is null)
                {
                    // The common case hands back the driver's own task: no further async layer (and, when the store
                    // completes asynchronously, no further state machine on the heap) for a keyed read.
                    return reader.FindOneAsync<TEntity>(Definition, id, _session.Transaction, cancellationToken);
                }
                return FindOneCheckedAsync<TEntity>(guard, id, cancellationToken);
            }
        }
        catch (Exception exception)
        {
            // Argument and permission errors surface through the task, as from the record read.
            return Task.FromException<TEntity?>(exception);
        }
        return FindOneThroughFindAsync<TEntity>(reader, id, cancellationToken);
    }

    // Record rules are checked on the stored record, as the record read does.
    private async Task<TEntity?> FindOneCheckedAsync<TEntity>(PermissionGuard guard, string id, CancellationToken cancellationToken)
        where TEntity : class, IEntity<TEntity>
    {
        var stored = await Driver.FindOneAsync(Definition, id, _session.Transaction, cancellationToken).ConfigureAwait(false);
        return stored is not null && guard.Allows(PermissionAction.Read, stored) ? TEntity.FromRecord(stored) : null;
    }

    // With find hooks, findOne is a find of the id with limit 1, so the hooks see it.
    private async Task<TEntity?> FindOneThroughFindAsync<TEntity>(ITypedReadDriver reader, string id, CancellationToken cancellationToken)
        where TEntity : class, IEntity<TEntity>
    {
        var rows = await FindTypedAsync<TEntity>(reader, new Query { Where = new Filter.Comparison(SystemFields.Id, FilterOperator.Eq, id), Limit = 1 }, cancellationToken)
            .ConfigureAwait(false);
        return rows.Count > 0 ? rows[0] : null;
    }
}
