using ObjectQL.Drivers;
using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Security;

namespace ObjectQL.Pipeline;

internal sealed partial class ObjectRepository
{
    // Ids per load query. Binding cost grows faster than the parameter count on SQLite (Microsoft.Data.Sqlite looks each
    // named parameter up in the statement): for 1000 ids, one 1000-parameter query took about 5 ms and ten 100-parameter
    // queries about 2 ms, while on PostgreSQL ten round trips cost well under a millisecond.
    private const int LoadChunk = 100;

    public Task<long> UpdateManyAsync(IReadOnlyList<RecordPatch> patches, CancellationToken cancellationToken = default) =>
        UpdateManyAsync(patches, ownsPatches: false, cancellationToken);

    /// <summary>
    /// <see cref="UpdateManyAsync(IReadOnlyList{RecordPatch}, CancellationToken)"/>; with <paramref name="ownsPatches"/> the
    /// patch records were built for this call (by a typed repository) and may be converted and stamped in place.
    /// </summary>
    internal async Task<long> UpdateManyAsync(IReadOnlyList<RecordPatch> patches, bool ownsPatches, CancellationToken cancellationToken)
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
            return 0L;
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
                changeSet[i] = RecordInput.ForPatch(Definition, patches[i].Patch, out var expectedVersion, ownsPatches);
                if (expectedVersion is { } expected)
                {
                    (versions ??= new long?[patches.Count])[i] = expected;
                }
            }
            // An empty patch must leave its record as it is, which only the reading path knows how to skip.
            if (versions is null && DriverCapabilities.Get<IVersionIncrementingDriver>(Driver) is { } incrementing && CanUpdateWithoutReading(session, guard)
                && !Array.Exists(changeSet, static c => c.Count == 0))
            {
                await UpdateUnreadAsync(session, guard, incrementing, ids, changeSet, cancellationToken).ConfigureAwait(false);
                return (long)ids.Length;
            }
            var targets = await LoadAllForWriteAsync(session, guard, ids, PermissionAction.Update, skipMissing: false, cancellationToken).ConfigureAwait(false);
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
            var updated = await UpdateRecordsAsync(session, guard, targets, changeSet, sharedChanges: false, cancellationToken).ConfigureAwait(false);
            return (long)updated.Count;
        }, cancellationToken).ConfigureAwait(false);
    }

    // True when no part of an update needs the stored records: no hook may look at them, no record rule decides on
    // them, no object rule or unique check reads the merged record, and no change handler wants the previous image.
    private bool CanUpdateWithoutReading(ObjectQLSession session, PermissionGuard guard) =>
        !Hooks.Any(HookOperation.Update, Definition.Name)
        && !session.BuildsChanges
        && !Database.Validator(Definition).NeedsRecordOnUpdate
        && guard.RowFilter(PermissionAction.Read) is null
        && guard.RowFilter(PermissionAction.Update) is null;

    // The read-free batched update: each patch is checked on its own (what the merged record's checks amount to when
    // only the patched fields can fail them), stamped, and written with the version incremented by the driver. A
    // missing id is NOT_FOUND, which rolls the batch back.
    private async Task UpdateUnreadAsync(
        ObjectQLSession session, PermissionGuard guard, IVersionIncrementingDriver driver, string[] ids, Record[] changeSet, CancellationToken cancellationToken)
    {
        var validator = Database.Validator(Definition);
        // One box for every record of the batch (boxed values are immutable).
        object boxedNow = Now();
        var user = session.Context.UserId;
        var errors = new List<ErrorDetail>();
        var writes = new RecordChange[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            var changes = changeSet[i];
            if (!guard.Bypass)
            {
                guard.RequireWritable(changes.Fields);
                RequireAutoNumbersUnchanged(guard, changes);
            }
            // The merged record holds the patch's values for the fields it sets, so the patch stands in for it.
            validator.CheckPatch(changes, errors);
            ThrowIfInvalid(errors);
            changes[SystemFields.UpdatedAt] = boxedNow;
            changes[SystemFields.UpdatedBy] = user;
            writes[i] = new RecordChange(ids[i], changes);
        }
        await CheckReferencesAsync(session, changeSet, cancellationToken).ConfigureAwait(false);
        var written = await driver.UpdateIncrementingVersionAsync(Definition, writes, session.Transaction, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < written.Count; i++)
        {
            if (!written[i])
            {
                throw NotFound(ids[i]);
            }
        }
    }

    private ObjectQLException NotFound(string id) =>
        new(ErrorCodes.NotFound, $"There is no '{Definition.Name}' record with id '{id}'.", [new ErrorDetail(SystemFields.Id, $"No record has id '{id}'.", "not_found")]);

    public async Task<long> DeleteByIdsAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var distinct = new List<string>(ids.Count);
        var seen = new HashSet<string>(ids.Count, StringComparer.Ordinal);
        for (var i = 0; i < ids.Count; i++)
        {
            var id = ids[i] ?? throw new ArgumentException("The ids may not contain null.", nameof(ids));
            if (seen.Add(RecordInput.CheckId(Definition, id)))
            {
                distinct.Add(id);
            }
        }
        if (distinct.Count == 0)
        {
            return 0L;
        }
        return await _session.WriteAsync(async session =>
        {
            var guard = Guard(session);
            guard.RequireObject(PermissionAction.Delete);
            var targets = await LoadAllForWriteAsync(session, guard, [.. distinct], PermissionAction.Delete, skipMissing: true, cancellationToken)
                .ConfigureAwait(false);
            if (targets.Length > 0)
            {
                await DeleteRecordsAsync(session, targets, cancellationToken).ConfigureAwait(false);
            }
            return (long)targets.Length;
        }, cancellationToken).ConfigureAwait(false);
    }

    // The stored records with these ids, in the same order, found with one query per LoadChunk ids. A missing or unreadable
    // id is NOT_FOUND naming it (skipped with skipMissing); a readable one the caller may not change is FORBIDDEN, as
    // LoadForWriteAsync does for one.
    private async Task<Record[]> LoadAllForWriteAsync(
        ObjectQLSession session, PermissionGuard guard, string[] ids, PermissionAction action, bool skipMissing, CancellationToken cancellationToken)
    {
        var byId = new Dictionary<string, Record>(ids.Length, StringComparer.Ordinal);
        for (var start = 0; start < ids.Length; start += LoadChunk)
        {
            var chunk = ids.Length <= LoadChunk ? ids : ids[start..Math.Min(ids.Length, start + LoadChunk)];
            var query = new Query { Where = new Filter.Comparison(SystemFields.Id, FilterOperator.In, chunk) };
            foreach (var row in await Driver.FindAsync(Definition, query, session.Transaction, cancellationToken).ConfigureAwait(false))
            {
                byId[row.Id!] = row;
            }
        }
        var targets = new List<Record>(ids.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            if (!byId.TryGetValue(ids[i], out var stored) || !guard.Allows(PermissionAction.Read, stored))
            {
                if (skipMissing)
                {
                    continue;
                }
                throw NotFound(ids[i]);
            }
            if (!guard.Allows(action, stored))
            {
                throw RecordForbidden(action, ids[i]);
            }
            targets.Add(stored);
        }
        return [.. targets];
    }
}
