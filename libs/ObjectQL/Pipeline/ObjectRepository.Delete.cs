using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Security;

namespace ObjectQL.Pipeline;

internal sealed partial class ObjectRepository
{
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return await _session.WriteAsync(async session =>
        {
            var guard = Guard(session);
            guard.RequireObject(PermissionAction.Delete);
            var stored = await LoadForWriteAsync(session, guard, id, PermissionAction.Delete, cancellationToken).ConfigureAwait(false);
            if (stored is null)
            {
                return false;
            }
            await DeleteRecordsAsync(session, [stored], cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<long> DeleteManyAsync(Filter? where, CancellationToken cancellationToken = default)
    {
        return await _session.WriteAsync(async session =>
        {
            var guard = Guard(session);
            guard.RequireObject(PermissionAction.Delete);
            var targets = await LoadManyForWriteAsync(session, guard, where, PermissionAction.Delete, cancellationToken).ConfigureAwait(false);
            if (targets.Count > 0)
            {
                await DeleteRecordsAsync(session, targets, cancellationToken).ConfigureAwait(false);
            }
            return (long)targets.Count;
        }, cancellationToken).ConfigureAwait(false);
    }

    // deleting: the records this delete call removes so far, when it is a cascade of another delete.
    private async Task DeleteRecordsAsync(ObjectQLSession session, IReadOnlyList<Record> targets, CancellationToken cancellationToken, DeletionSet? deleting = null)
    {
        var validator = Database.Validator(Definition);
        var hooks = new HookContext[targets.Count];
        var ids = new string[targets.Count];
        // Only thrown when non-empty, so one list serves every record.
        var errors = new List<ErrorDetail>();
        for (var i = 0; i < targets.Count; i++)
        {
            var hook = new HookContext(session, Definition, HookOperation.Delete) { Id = targets[i].Id, PreviousData = targets[i].Clone() };
            await Hooks.RunAsync(HookTiming.Before, hook, cancellationToken).ConfigureAwait(false);
            await validator.CheckRulesAsync(targets[i], targets[i], RuleTriggers.Delete, session, errors, cancellationToken).ConfigureAwait(false);
            ThrowIfInvalid(errors);
            hooks[i] = hook;
            ids[i] = targets[i].Id!;
        }
        if (Database.References.To(Definition).Count > 0)
        {
            deleting ??= new DeletionSet();
            foreach (var target in targets)
            {
                deleting.Add(Definition, target.Id!);
            }
            // Before the driver deletes, so referring records are gone or cleared when a foreign key checks them.
            await ApplyDeleteBehaviorsAsync(session, targets, deleting, cancellationToken).ConfigureAwait(false);
        }
        var deleted = await Driver.DeleteAsync(Definition, ids, session.Transaction, cancellationToken).ConfigureAwait(false);
        var now = Now();
        for (var i = 0; i < targets.Count; i++)
        {
            if (!deleted[i])
            {
                throw new ObjectQLException(ErrorCodes.Conflict, $"'{Definition.Name}' record '{targets[i].Id}' was deleted by someone else.",
                    [new ErrorDetail(SystemFields.Id, "The record is gone.", "version_conflict")]);
            }
            hooks[i].Result = true;
            await Hooks.RunAsync(HookTiming.After, hooks[i], cancellationToken).ConfigureAwait(false);
            RecordChange(session, ChangeOperation.Delete, targets[i].Id!, null, targets[i], (targets[i][SystemFields.Version] as long? ?? 0) + 1, now);
        }
    }
}
