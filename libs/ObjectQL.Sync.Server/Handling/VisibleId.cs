using ObjectQL.Entities;
using ObjectQL.Entities.Generated;
using ObjectQL.Metadata;

namespace ObjectQL.Sync.Server.Handling;

/// <summary>
/// The id of a record the caller may read, as a pull's visibility check asks for it when the caller's record is the
/// stored one (<see cref="CallerView.Whole"/>): a typed read through the caller's pipeline (record rules, tenant,
/// before-find hooks), filled straight from the id column, so a page of 500 ids costs no record per id. Any object's
/// rows fit it: the id is a system field, whose slot is the same in every object's layout.
/// </summary>
internal sealed class VisibleId : IEntity<VisibleId>
{
    private static readonly ObjectDefinition IdOnly = new() { Name = "visible_id", Label = "Visible id", Fields = [] };

    public string Id { get; private set; } = "";

    static ObjectDefinition IEntity<VisibleId>.Definition => IdOnly;

    string? IEntity.Id
    {
        get => Id;
        set => Id = value ?? "";
    }

    // Never written; its version is not read.
    long IEntity.Version { get; set; }

    public static VisibleId FromRecord(Record record) => new() { Id = record.Id ?? "" };

    public static VisibleId ReadRow<TRow>(ref TRow row, RowLayout layout)
        where TRow : IRowSource, allows ref struct
    {
        ArgumentNullException.ThrowIfNull(layout);
        // Slot 0 is the id (SystemFields.All starts with it).
        var ordinal = layout[0];
        return new VisibleId { Id = ordinal >= 0 && !row.IsNull(ordinal) ? row.GetString(ordinal) : "" };
    }

    public bool TryGetField(string field, out object? value)
    {
        value = field == SystemFields.Id ? Id : null;
        return field == SystemFields.Id;
    }

    public void SetField(string field, object? value)
    {
        if (field != SystemFields.Id)
        {
            throw ObjectQLException.InvalidRequest($"A visible id has no field '{field}'.", field, "unknown_field");
        }
        Id = (string)value!;
    }

    public Record ToRecord() => new(1) { [SystemFields.Id] = Id };
}
