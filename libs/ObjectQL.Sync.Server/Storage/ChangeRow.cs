using System.Text;
using System.Text.Json;
using ObjectQL.Entities;
using ObjectQL.Entities.Generated;
using ObjectQL.Metadata;

namespace ObjectQL.Sync.Server.Storage;

/// <summary>
/// What a pull reads of one change row, filled by the driver straight from its result row (a typed read): a pull reads
/// thousands of them, and as records each cost a dictionary and boxed numbers and times it only looked into once.
/// </summary>
internal sealed class ChangeRow : IEntity<ChangeRow>
{
    /// <summary>
    /// The columns a pull reads (no system fields). Not committed_at: a change's time is its commit row's, which stores of
    /// earlier versions also repeated on every change row.
    /// </summary>
    public static readonly string[] Columns =
        ["tx_id", "ordinal", "object_name", "record_id", "operation", "version", "clock", "field_clocks", "data", "client_id"];

    private static readonly ObjectDefinition ChangeDefinition = SyncObjects.All.Single(o => o.Name == SyncObjects.Change);

    // The layout's slots: the system fields, then the object's fields in their declared order.
    private static readonly int TxIdSlot = SlotOf("tx_id");
    private static readonly int OrdinalSlot = SlotOf("ordinal");
    private static readonly int ObjectNameSlot = SlotOf("object_name");
    private static readonly int RecordIdSlot = SlotOf("record_id");
    private static readonly int OperationSlot = SlotOf("operation");
    private static readonly int VersionSlot = SlotOf("version");
    private static readonly int ClockSlot = SlotOf("clock");
    private static readonly int FieldClocksSlot = SlotOf("field_clocks");
    private static readonly int DataSlot = SlotOf("data");
    private static readonly int ClientIdSlot = SlotOf("client_id");

    public string TxId { get; private set; } = "";

    public long Ordinal { get; private set; }

    public string ObjectName { get; private set; } = "";

    public string RecordId { get; private set; } = "";

    public string Operation { get; private set; } = "";

    public long RecordVersion { get; private set; }

    public string Clock { get; private set; } = "";

    /// <summary>The field clocks' JSON text (crdt objects); null otherwise.</summary>
    public string? FieldClocks { get; private set; }

    /// <summary>
    /// The post-image's canonical JSON text as UTF-8, as the store holds it; null for a delete. A pull checks it and
    /// copies it into the response as bytes: read as a string, each post-image was decoded to UTF-16 only to be encoded
    /// back twice (for the check and for the response).
    /// </summary>
    public byte[]? Data { get; private set; }

    public string? ClientId { get; private set; }

    /// <summary>The row is one of a commit's rows a server keeps (<see cref="CommittedChanges"/>): several callers' pages send it in turn.</summary>
    public bool Kept { get; set; }

    /// <summary>
    /// A kept row's change as every caller that reads its object whole is sent it (the stored post-image as it is), and
    /// its wire text, made by the first such caller's page: null until then, and for rows sent otherwise.
    /// </summary>
    public SentChange? SentWhole { get; set; }

    static ObjectDefinition IEntity<ChangeRow>.Definition => ChangeDefinition;

    // A change row is never written through this type, and its own id is not read.
    string? IEntity.Id { get; set; }

    long IEntity.Version { get; set; }

    public static ChangeRow FromRecord(Record record)
    {
        var row = new ChangeRow();
        foreach (var name in Columns)
        {
            if (record.TryGetValue(name, out var value))
            {
                row.Set(name, value);
            }
        }
        return row;
    }

    public static ChangeRow ReadRow<TRow>(ref TRow row, RowLayout layout)
        where TRow : IRowSource, allows ref struct
    {
        ArgumentNullException.ThrowIfNull(layout);
        var change = new ChangeRow();
        int o;
        // The log writes these columns on every row (ChangeLog.Write), so they are read without asking for NULL first:
        // on SQLite each such question is two calls into the engine, eight of them per row of a pull that reads
        // thousands. A NULL there would be a damaged log, and the driver's own read refuses it.
        if ((o = layout[TxIdSlot]) >= 0) change.TxId = row.GetString(o);
        if ((o = layout[OrdinalSlot]) >= 0) change.Ordinal = (long)row.GetDouble(o);
        if ((o = layout[ObjectNameSlot]) >= 0) change.ObjectName = row.GetString(o);
        if ((o = layout[RecordIdSlot]) >= 0) change.RecordId = row.GetString(o);
        if ((o = layout[OperationSlot]) >= 0) change.Operation = row.GetString(o);
        if ((o = layout[VersionSlot]) >= 0) change.RecordVersion = (long)row.GetDouble(o);
        if ((o = layout[ClockSlot]) >= 0) change.Clock = row.GetString(o);
        if ((o = layout[FieldClocksSlot]) >= 0 && !row.IsNull(o)) change.FieldClocks = row.GetString(o);
        if ((o = layout[DataSlot]) >= 0 && !row.IsNull(o)) change.Data = row.GetUtf8(o);
        if ((o = layout[ClientIdSlot]) >= 0 && !row.IsNull(o)) change.ClientId = row.GetString(o);
        return change;
    }

    public bool TryGetField(string field, out object? value)
    {
        var record = ToRecord();
        return record.TryGetValue(field, out value);
    }

    public void SetField(string field, object? value)
    {
        if (!Columns.Contains(field, StringComparer.Ordinal))
        {
            throw ObjectQLException.InvalidRequest($"A change row read by a pull has no field '{field}'.", field, "unknown_field");
        }
        Set(field, value);
    }

    public Record ToRecord() => new(Columns.Length)
    {
        ["tx_id"] = TxId,
        ["ordinal"] = (double)Ordinal,
        ["object_name"] = ObjectName,
        ["record_id"] = RecordId,
        ["operation"] = Operation,
        ["version"] = (double)RecordVersion,
        ["clock"] = Clock,
        ["field_clocks"] = FieldClocks,
        ["data"] = Data is null ? null : Encoding.UTF8.GetString(Data),
        ["client_id"] = ClientId,
    };

    private void Set(string name, object? value)
    {
        switch (name)
        {
            case "tx_id": TxId = (string)value!; break;
            case "ordinal": Ordinal = RowValues.Long(value); break;
            case "object_name": ObjectName = (string)value!; break;
            case "record_id": RecordId = (string)value!; break;
            case "operation": Operation = (string)value!; break;
            case "version": RecordVersion = RowValues.Long(value); break;
            case "clock": Clock = (string)value!; break;
            case "field_clocks": FieldClocks = value as string; break;
            case "data": Data = Utf8Of(value); break;
            case "client_id": ClientId = value as string; break;
        }
    }

    // A record holds a JSON field as the text written or as the parsed element, by store.
    private static byte[]? Utf8Of(object? value) => value switch
    {
        string text => Encoding.UTF8.GetBytes(text),
        JsonElement element => Encoding.UTF8.GetBytes(element.GetRawText()),
        _ => null,
    };

    private static int SlotOf(string field)
    {
        for (var i = 0; i < ChangeDefinition.Fields.Count; i++)
        {
            if (ChangeDefinition.Fields[i].Name == field)
            {
                return SystemFields.All.Count + i;
            }
        }
        throw new InvalidOperationException($"The change object has no field '{field}'.");
    }
}
