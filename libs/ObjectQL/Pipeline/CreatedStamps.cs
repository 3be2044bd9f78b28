using ObjectQL.Metadata;

namespace ObjectQL.Pipeline;

/// <summary>
/// The system fields a new record is stamped with: by the pipeline's creates, and by plugins that insert their own
/// system rows through the driver (the sync server's log), so both stamp alike.
/// </summary>
internal static class CreatedStamps
{
    private static readonly object FirstVersion = 1L;

    /// <summary>Sets the record's id, both times to <paramref name="now"/> (a boxed instant), both users and version 1.</summary>
    public static void Apply(Record record, string id, object now, string? user)
    {
        record[SystemFields.Id] = id;
        record[SystemFields.CreatedAt] = now;
        record[SystemFields.UpdatedAt] = now;
        record[SystemFields.CreatedBy] = user;
        record[SystemFields.UpdatedBy] = user;
        record[SystemFields.Version] = FirstVersion;
    }
}
