using ObjectQL.Metadata;
using ObjectQL.Pipeline;
using ObjectQL.Security;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Resolution;
using ObjectQL.Sync.Server.Storage;

namespace ObjectQL.Sync.Server.Handling;

/// <summary>
/// A grouped create's or an update's answer taken from the record its write returned instead of from a read of it
/// afterwards, where the two answers are the same: the caller may read the object and every record of it (no record
/// rule, no tenant filter), nothing rewrites what the write returns or a read finds (no after-create or after-update
/// hook, no find hook, no computed field), and the answer carries no record, only its version, because every value sent
/// is stored as sent (checked on the returned record, for field types every store gives back as written; an update's
/// other values are the stored ones it read). Any other case is read as before.
/// </summary>
internal static class WrittenAnswers
{
    /// <summary>
    /// True when a read of a record of <paramref name="definition"/> just written by <paramref name="write"/> (a create or
    /// an update) by <paramref name="context"/> returns it unfiltered and unhooked.
    /// </summary>
    public static bool ReadSeesWhatWriteReturned(ObjectQLDatabase database, ObjectQLContext context, ObjectDefinition definition, HookOperation write)
    {
        var guard = new PermissionGuard(definition, context, database.PermissionSettings);
        return guard.AllowsObject(PermissionAction.Read) && guard.RowFilter(PermissionAction.Read) is null
            && !database.Hooks.Any(HookTiming.After, write, definition.Name)
            && !database.Hooks.Any(HookOperation.Find, definition.Name)
            && ComputedFields.Of(definition).IsEmpty;
    }

    /// <summary>
    /// The answer of a create or update applied as sent, from <paramref name="created"/> (the record the write returned);
    /// null when the answer needs the record as read (it carries the record or its clocks, or a value may come back otherwise).
    /// </summary>
    public static SyncMutationResult? Answer(AppliedMutation applied, Record created)
    {
        if (applied.Result is not SyncMutationApplied { Record: null } done || !applied.Wrote || done.Outcome == ApplyOutcome.Deleted
            || applied.Strategy == SyncStrategy.Crdt || !StoredAsWritten(applied.Definition, applied.Mutation) || MutationApplier.Differs(applied.Mutation, created))
        {
            return null;
        }
        // Compared just now: the answer need not compare the values again.
        return MutationApplier.Answer(applied, created, differs: false);
    }

    // Texts, numbers and booleans read back from every store exactly as written; dates, instants, decimals, lists and
    // JSON take the store's form, which only a read shows.
    private static bool StoredAsWritten(ObjectDefinition definition, MutationLogEntry mutation)
    {
        if (mutation.Data is null)
        {
            return true;
        }
        foreach (var name in mutation.Data.Keys)
        {
            if (SystemFields.IsSystemField(name))
            {
                continue;
            }
            if (definition.FindField(name) is not { Multiple: false } field || field.Type is not (
                FieldType.Text or FieldType.Textarea or FieldType.Markdown or FieldType.Html or FieldType.Number or FieldType.Boolean))
            {
                return false;
            }
        }
        return true;
    }
}
