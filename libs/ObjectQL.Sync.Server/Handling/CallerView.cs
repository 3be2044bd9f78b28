using ObjectQL.Metadata;
using ObjectQL.Security;

namespace ObjectQL.Sync.Server.Handling;

/// <summary>
/// How a caller's reads of one object relate to the stored records, asked once per object per pull. When the caller's
/// pipeline can return nothing but the stored record (the system context, or no field it may not read and no find hook
/// that could change what a find returns), a pull asks the pipeline only which ids the caller may read (record rules,
/// tenant) and sends stored post-images whole; otherwise it reads the caller's records and masks to what they hold.
/// When, beside that, no record rule or tenant narrows what it may read, every stored record is the caller's
/// (<see cref="EveryRecord"/>): the pipeline could only tell which records still exist.
/// </summary>
internal sealed class CallerView
{
    private CallerView(bool whole, bool everyRecord, HashSet<string> storedFields)
    {
        Whole = whole;
        EveryRecord = everyRecord;
        StoredFields = storedFields;
    }

    /// <summary>The caller's record, when it may read it, is the stored record: its ids are all a pull needs to ask.</summary>
    public bool Whole { get; }

    /// <summary>
    /// The caller reads every stored record of the object as stored (<see cref="Whole"/>, may read the object, no record
    /// rule or tenant filter): asking the pipeline about ids tells only whether the records still exist.
    /// </summary>
    public bool EveryRecord { get; }

    /// <summary>The fields a stored record of the object holds (system fields included): a whole view's members.</summary>
    public HashSet<string> StoredFields { get; }

    public static CallerView Of(ObjectQLDatabase database, ObjectDefinition definition, ObjectQLContext caller)
    {
        var fields = new HashSet<string>(SystemFields.All, StringComparer.Ordinal);
        foreach (var field in definition.Fields)
        {
            fields.Add(field.Name);
        }
        // A find hook may narrow what a find returns, also the system's.
        var hooked = database.Hooks.Any(HookOperation.Find, definition.Name);
        if (caller.IsSystem)
        {
            return new CallerView(whole: true, everyRecord: !hooked, fields);
        }
        var guard = new PermissionGuard(definition, caller, database.PermissionSettings);
        var whole = !hooked && !guard.HidesFields;
        var everyRecord = whole && guard.AllowsObject(PermissionAction.Read) && guard.RowFilter(PermissionAction.Read) is null;
        return new CallerView(whole, everyRecord, fields);
    }
}
