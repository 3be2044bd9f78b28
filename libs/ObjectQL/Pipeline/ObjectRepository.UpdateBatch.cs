using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Security;

namespace ObjectQL;

internal sealed partial class ObjectRepository
{
    // Ids per load query: one query for the usual batch, and well under every store's parameter limit.
    private const int LoadChunk = 1000;

    public async Task<IReadOnlyList<Record>> UpdateManyAsync(IReadOnlyList<RecordPatch> patches, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patches);
        for (var i = 0; i < patches.Count; i++)
        {
            if (patches[i] is not { Id: not null, Patch: not null })
            {
                throw new ArgumentException("The patches may not contain null, nor a null id or patch.", nameof(patches));
            }
        }
        if (patches.Count == 0)
        {
            return [];
        }
        return await _session.WriteAsync(async session =>
        {
            var guard = Guard(session);
            guard.RequireObject(PermissionAction.Update);
            var changeSet = new Record[patches.Count];
            var ids = new string[patches.Count];
            var seen = new HashSet<string>(patches.Count, StringComparer.Ordinal);
            long?[]? versions = null;
            for (var i = 0; i < patches.Count; i++)
            {
                var id = RecordInput.CheckId(Definition, patches[i].Id);
                if (!seen.Add(id))
                {
                    throw ObjectQLException.InvalidRequest(
                        $"'{Definition.Name}' record '{id}' appears twice in one batched update; merge its patches into one.", SystemFields.Id, "duplicate_id");
                }
                ids[i] = id;
                changeSet[i] = RecordInput.ForPatch(Definition, patches[i].Patch, out var expectedVersion);
                if (expectedVersion is { } expected)
                {
                    (versions ??= new long?[patches.Count])[i] = expected;
                }
            }
            var targets = await LoadAllForWriteAsync(session, guard, ids, PermissionAction.Update, cancellationToken).ConfigureAwait(false);
            if (versions is not null)
            {
                for (var i = 0; i < targets.Length; i++)
                {
                    if (versions[i] is { } expected && !Equals(targets[i][SystemFields.Version], expected))
                    {
                        throw VersionConflict(ids[i], expected, targets[i][SystemFields.Version]);
                    }
                }
            }
            return await UpdateRecordsAsync(session, guard, targets, changeSet, sharedChanges: false, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    // The stored records with these ids, in the same order, found with one query per LoadChunk ids; NOT_FOUND naming the
    // first id that is missing or not readable, FORBIDDEN for one readable but not writable (as LoadForWriteAsync does for one).
    private async Task<Record[]> LoadAllForWriteAsync(
        ObjectQLSession session, PermissionGuard guard, string[] ids, PermissionAction action, CancellationToken cancellationToken)
    {
        var byId = new Dictionary<string, Record>(ids.Length, StringComparer.Ordinal);
        for (var start = 0; start < ids.Length; start += LoadChunk)
        {
            var chunk = start == 0 && ids.Length <= LoadChunk ? ids : ids[start..Math.Min(ids.Length, start + LoadChunk)];
            var query = new Query { Where = new Filter.Comparison(SystemFields.Id, FilterOperator.In, chunk) };
            foreach (var row in await Driver.FindAsync(Definition, query, session.Transaction, cancellationToken).ConfigureAwait(false))
            {
                byId[row.Id!] = row;
            }
        }
        var targets = new Record[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            if (!byId.TryGetValue(ids[i], out var stored) || !guard.Allows(PermissionAction.Read, stored))
            {
                throw new ObjectQLException(ErrorCodes.NotFound, $"There is no '{Definition.Name}' record with id '{ids[i]}'.",
                    [new ErrorDetail(SystemFields.Id, $"No record has id '{ids[i]}'.", "not_found")]);
            }
            if (!guard.Allows(action, stored))
            {
                throw new ObjectQLException(ErrorCodes.Forbidden,
                    $"The current user may not {action.ToString().ToLowerInvariant()} '{Definition.Name}' record '{ids[i]}'.",
                    [new ErrorDetail(SystemFields.Id, "No record rule grants this.", "forbidden")]);
            }
            targets[i] = stored;
        }
        return targets;
    }
}
