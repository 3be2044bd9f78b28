using ObjectQL.Drivers;
using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Security;

namespace ObjectQL.Pipeline;

internal sealed partial class ObjectRepository
{
    public async Task<Record> UpdateAsync(string id, Record patch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(patch);
        return await _session.WriteAsync(async session =>
        {
            var guard = Guard(session);
            guard.RequireObject(PermissionAction.Update);
            var changes = RecordInput.ForPatch(Definition, patch, out var expectedVersion);
            var stored = await LoadForWriteAsync(session, guard, id, PermissionAction.Update, cancellationToken).ConfigureAwait(false)
                ?? throw NotFound(id);
            if (expectedVersion is { } expected && !Equals(stored[SystemFields.Version], expected))
            {
                throw VersionConflict(id, expected, stored[SystemFields.Version]);
            }
            var updated = await UpdateRecordsAsync(session, guard, [stored], [changes], sharedChanges: false, cancellationToken).ConfigureAwait(false);
            return updated[0];
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<long> UpdateManyAsync(Filter? where, Record patch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patch);
        return await _session.WriteAsync(async session =>
        {
            var guard = Guard(session);
            guard.RequireObject(PermissionAction.Update);
            var changes = RecordInput.ForPatch(Definition, patch, out var expectedVersion);
            if (expectedVersion is not null)
            {
                throw ObjectQLException.InvalidRequest("_version applies to one record; updateMany cannot take it.", SystemFields.Version, "invalid_value");
            }
            var targets = await LoadManyForWriteAsync(session, guard, where, PermissionAction.Update, cancellationToken).ConfigureAwait(false);
            if (targets.Count == 0)
            {
                return 0L;
            }
            var patches = new Record[targets.Count];
            Array.Fill(patches, changes);
            var updated = await UpdateRecordsAsync(session, guard, targets, patches, sharedChanges: true, cancellationToken).ConfigureAwait(false);
            return updated.Count;
        }, cancellationToken).ConfigureAwait(false);
    }

    // Applies changeSet[i] (canonical, without _version) to targets[i] (as stored): the per-record body of every update path.
    // sharedChanges: the same patch instance serves several records, so each record needs its own copy.
    private async Task<IReadOnlyList<Record>> UpdateRecordsAsync(
        ObjectQLSession session, PermissionGuard guard, IReadOnlyList<Record> targets, IReadOnlyList<Record> changeSet, bool sharedChanges,
        CancellationToken cancellationToken)
    {
        if (changeSet.Any(static c => c.Count == 0))
        {
            return await UpdateSkippingEmptyAsync(session, guard, targets, changeSet, sharedChanges, cancellationToken).ConfigureAwait(false);
        }
        // Hooks may change Data and PreviousData, so they get copies; without hooks nobody else holds the patch or the
        // stored image, and copying them would only cost two dictionaries per record.
        var hooked = Hooks.Any(HookOperation.Update, Definition.Name);
        var validator = Database.Validator(Definition);
        var now = Now();
        // One box for every record of the batch (boxed values are immutable).
        object boxedNow = now;
        var user = session.Context.UserId;
        var hooks = new HookContext[targets.Count];
        var merged = new Record[targets.Count];
        var writes = new RecordChange[targets.Count];
        // Only thrown when non-empty, so one list serves every record.
        var errors = new List<ErrorDetail>();
        for (var i = 0; i < targets.Count; i++)
        {
            var stored = targets[i];
            var changes = changeSet[i];
            guard.RequireWritable(changes.Fields);
            RequireAutoNumbersUnchanged(guard, changes);
            var hook = new HookContext(session, Definition, HookOperation.Update)
            {
                Id = stored.Id,
                Data = hooked || sharedChanges ? changes.Clone() : changes,
                PreviousData = hooked ? stored.Clone() : stored,
            };
            await Hooks.RunAsync(HookTiming.Before, hook, cancellationToken).ConfigureAwait(false);
            var patch = hook.Data ?? throw BadResult("before-update", "a record");
            if (hooked)
            {
                // Only a before-hook can have put non-canonical values in; ForPatch made the rest canonical.
                RecordInput.Canonicalize(Definition, patch, allowSystem: false);
            }
            var version = (stored[SystemFields.Version] as long? ?? 0) + 1;
            patch[SystemFields.UpdatedAt] = boxedNow;
            patch[SystemFields.UpdatedBy] = user;
            patch[SystemFields.Version] = version;
            var record = stored.Clone();
            foreach (var (field, value) in patch)
            {
                record[field] = value;
            }
            // The merged record holds the patch's values for the fields it sets, so checking the patch is enough.
            validator.CheckPatch(patch, errors);
            ThrowIfInvalid(errors);
            await validator.CheckRulesAsync(record, stored, RuleTriggers.Update, session, errors, cancellationToken).ConfigureAwait(false);
            ThrowIfInvalid(errors);
            hooks[i] = hook;
            merged[i] = record;
            writes[i] = new RecordChange(stored.Id!, patch, stored[SystemFields.Version] as long?);
        }
        if (ChecksReferences)
        {
            await CheckReferencesAsync(session, Array.ConvertAll(writes, static w => w.Values), cancellationToken).ConfigureAwait(false);
        }
        var written = await Driver.UpdateAsync(Definition, writes, session.Transaction, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < written.Count; i++)
        {
            if (!written[i])
            {
                throw VersionConflict(writes[i].Id, writes[i].ExpectedVersion ?? 0, null);
            }
        }
        var results = new Record[targets.Count];
        var computed = ComputedFields.Of(Definition);
        for (var i = 0; i < targets.Count; i++)
        {
            var hook = hooks[i];
            hook.Result = computed.WithFormulas(merged[i].Clone());
            await Hooks.RunAsync(HookTiming.After, hook, cancellationToken).ConfigureAwait(false);
            RecordChange(session, ChangeOperation.Update, merged[i].Id!, merged[i], targets[i], (long)merged[i][SystemFields.Version]!, now);
            results[i] = guard.Mask(hook.Result as Record ?? throw BadResult("update", "a record"));
        }
        return results;
    }

    // An empty patch changes nothing: no hook runs, nothing is written, _version and updated_at stay, no change event.
    // Its record comes back as stored; the other patches go through the update as usual.
    private async Task<IReadOnlyList<Record>> UpdateSkippingEmptyAsync(
        ObjectQLSession session, PermissionGuard guard, IReadOnlyList<Record> targets, IReadOnlyList<Record> changeSet, bool sharedChanges,
        CancellationToken cancellationToken)
    {
        var results = new Record[targets.Count];
        var changed = new List<int>(targets.Count);
        for (var i = 0; i < targets.Count; i++)
        {
            if (changeSet[i].Count == 0)
            {
                results[i] = guard.Mask(ComputedFields.Of(Definition).WithFormulas(targets[i].Clone()));
            }
            else
            {
                changed.Add(i);
            }
        }
        if (changed.Count > 0)
        {
            var updated = await UpdateRecordsAsync(
                session, guard, changed.ConvertAll(i => targets[i]), changed.ConvertAll(i => changeSet[i]), sharedChanges, cancellationToken).ConfigureAwait(false);
            for (var k = 0; k < changed.Count; k++)
            {
                results[changed[k]] = updated[k];
            }
        }
        return results;
    }

    // The stored record, or null when it is missing or the caller may not read it; FORBIDDEN when readable but not writable.
    private async Task<Record?> LoadForWriteAsync(ObjectQLSession session, PermissionGuard guard, string id, PermissionAction action, CancellationToken cancellationToken)
    {
        RecordInput.CheckId(Definition, id);
        var stored = await Driver.FindOneAsync(Definition, id, session.Transaction, cancellationToken).ConfigureAwait(false);
        if (stored is null || !guard.Allows(PermissionAction.Read, stored))
        {
            return null;
        }
        if (!guard.Allows(action, stored))
        {
            throw RecordForbidden(action, id);
        }
        return stored;
    }

    // Records matching where that the caller may read and change, found inside the write transaction.
    private async Task<IReadOnlyList<Record>> LoadManyForWriteAsync(ObjectQLSession session, PermissionGuard guard, Filter? where, PermissionAction action, CancellationToken cancellationToken)
    {
        var query = new Query { Where = QueryNormalizer.NormalizeFilter(where, Definition) };
        guard.RequireReadable(query);
        var restricted = Restrict(Restrict(query.Where, guard.RowFilter(PermissionAction.Read)), guard.RowFilter(action));
        return await Driver.FindAsync(Definition, new Query { Where = restricted }, session.Transaction, cancellationToken).ConfigureAwait(false);
    }

    // A record the caller may read but no record rule lets it change.
    private ObjectQLException RecordForbidden(PermissionAction action, string id) =>
        new(ErrorCodes.Forbidden, $"The current user may not {action.ToString().ToLowerInvariant()} '{Definition.Name}' record '{id}'.",
            [new ErrorDetail(SystemFields.Id, "No record rule grants this.", "forbidden")]);

    private ObjectQLException VersionConflict(string id, long expected, object? actual) =>
        new(ErrorCodes.Conflict,
            $"'{Definition.Name}' record '{id}' was changed by someone else (expected version {expected}{(actual is null ? "" : $", found {actual}")}).",
            [new ErrorDetail(SystemFields.Version, "The record's version changed.", "version_conflict")]);
}
