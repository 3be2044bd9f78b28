using ObjectQL.Metadata;

namespace ObjectQL.Entities;

/// <summary>The record a stored entity stands for, in the shape the record path stores and reports.</summary>
internal static class EntityImages
{
    /// <summary>
    /// <see cref="IEntity.ToRecord"/> with every system field present: <c>ToRecord</c> leaves out unset ones (a new
    /// entity must not carry them), while a stored record holds them, null when empty (e.g. <c>created_by</c> of the
    /// system context).
    /// </summary>
    public static Record Stored(IEntity entity)
    {
        var record = entity.ToRecord();
        foreach (var name in SystemFields.All)
        {
            if (!record.Contains(name))
            {
                record[name] = null;
            }
        }
        return record;
    }
}
