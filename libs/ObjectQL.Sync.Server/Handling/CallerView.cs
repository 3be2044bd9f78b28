using ObjectQL.Metadata;
using ObjectQL.Security;

namespace ObjectQL.Sync.Server.Handling;

/// <summary>
/// How a caller's reads of one object relate to the stored records, asked once per object per pull. When the caller's
/// pipeline can return nothing but the stored record (the system context, or no field it may not read and no find hook
/// that could change what a find returns), a pull asks the pipeline only which ids the caller may read (record rules,
/// tenant) and sends stored post-images whole; otherwise it reads the caller's records and masks to what they hold.
/// </summary>
internal sealed class CallerView
{
    private CallerView(bool whole, HashSet<string> storedFields)
    {
        Whole = whole;
        StoredFields = storedFields;
    }

    /// <summary>The caller's record, when it may read it, is the stored record: its ids are all a pull needs to ask.</summary>
    public bool Whole { get; }

    /// <summary>The fields a stored record of the object holds (system fields included): a whole view's members.</summary>
    public HashSet<string> StoredFields { get; }

    public static CallerView Of(ObjectQLDatabase database, ObjectDefinition definition, ObjectQLContext caller)
    {
        var fields = new HashSet<string>(SystemFields.All, StringComparer.Ordinal);
        foreach (var field in definition.Fields)
        {
            fields.Add(field.Name);
        }
        var whole = caller.IsSystem
            || (!database.Hooks.Any(HookOperation.Find, definition.Name) && !new PermissionGuard(definition, caller, database.PermissionSettings).HidesFields);
        return new CallerView(whole, fields);
    }
}
