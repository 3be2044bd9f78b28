using System.Text.Json;

namespace ObjectQL.Sync.Client.Storage;

// The synced copy of one record (RFC 10.1): the values the server last sent, its version (the base version of new
// mutations), its clock and field clocks. A deleted record keeps its row as a tombstone until the next resync.
internal sealed record SyncedRecord
{
    public required string ObjectName { get; init; }
    public required string RecordId { get; init; }
    public required long Version { get; init; }
    public string? Clock { get; init; }
    public Dictionary<string, string>? FieldClocks { get; init; }
    public Dictionary<string, JsonElement>? Image { get; init; }
    public bool Deleted { get; init; }

    // Object names hold no ':', so the first one separates; a key over the core's id limit (128) becomes a digest.
    public static string KeyOf(string objectName, string recordId)
    {
        var key = objectName + ":" + recordId;
        return key.Length <= 128
            ? key
            : "h:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));
    }

    public Record ToRow() => new()
    {
        [Metadata.SystemFields.Id] = KeyOf(ObjectName, RecordId),
        ["object_name"] = ObjectName,
        ["record_id"] = RecordId,
        ["version"] = (double)Version,
        ["clock"] = Clock,
        ["field_clocks"] = ClientJson.WriteClocks(FieldClocks),
        ["image"] = ClientJson.Write(Image),
        ["deleted"] = Deleted,
    };

    public static SyncedRecord FromRow(Record row) => new()
    {
        ObjectName = (string)row["object_name"]!,
        RecordId = (string)row["record_id"]!,
        Version = (long)(double)row["version"]!,
        Clock = row["clock"] as string,
        FieldClocks = ClientJson.ReadClocks(row["field_clocks"] as string),
        Image = ClientJson.ReadValues(row["image"] as string),
        Deleted = row["deleted"] is true,
    };
}
