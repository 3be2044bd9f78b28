using System.Text.Json;
using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Client.Storage;

// The states of a mutation in the log (RFC 10.1). In flight means sent at least once: from then on it is never changed,
// so a retry carries exactly what the server may already have applied.
internal static class MutationStates
{
    public const string Pending = "pending";
    public const string InFlight = "in_flight";
    public const string Parked = "parked";
}

// One row of the mutation log.
internal sealed record LoggedMutation
{
    public required string Id { get; init; }
    public required long Sequence { get; init; }
    public required string ObjectName { get; init; }
    public required string RecordId { get; init; }
    public required MutationOperation Operation { get; init; }
    public required string Timestamp { get; init; }
    public required string Clock { get; init; }
    public long? BaseVersion { get; init; }
    public Dictionary<string, JsonElement>? Data { get; init; }
    public Dictionary<string, JsonElement>? BaseData { get; init; }
    public required string State { get; init; }
    public ParkedInfo? Parked { get; init; }

    public MutationLogEntry ToWire(string clientId) =>
        new(Id, ObjectName, RecordId, Operation, Timestamp, clientId, Sequence, BaseVersion, Clock, Data, BaseData);

    public Record ToRow() => new()
    {
        [Metadata.SystemFields.Id] = Id,
        ["sequence"] = (double)Sequence,
        ["object_name"] = ObjectName,
        ["record_id"] = RecordId,
        ["operation"] = OperationName(Operation),
        ["timestamp"] = Timestamp,
        ["clock"] = Clock,
        ["base_version"] = BaseVersion is { } version ? (double)version : null,
        ["data"] = ClientJson.Write(Data),
        ["base_data"] = ClientJson.Write(BaseData),
        ["state"] = State,
        ["parked"] = Parked is null ? null : JsonSerializer.Serialize(Parked, ClientJsonContext.Default.ParkedInfo),
    };

    public static LoggedMutation FromRow(Record row) => new()
    {
        Id = (string)row[Metadata.SystemFields.Id]!,
        Sequence = (long)(double)row["sequence"]!,
        ObjectName = (string)row["object_name"]!,
        RecordId = (string)row["record_id"]!,
        Operation = ParseOperation((string)row["operation"]!),
        Timestamp = (string)row["timestamp"]!,
        Clock = (string)row["clock"]!,
        BaseVersion = row["base_version"] is double version ? (long)version : null,
        Data = ClientJson.ReadValues(row["data"] as string),
        BaseData = ClientJson.ReadValues(row["base_data"] as string),
        State = (string)row["state"]!,
        Parked = row["parked"] is string parked ? JsonSerializer.Deserialize(parked, ClientJsonContext.Default.ParkedInfo) : null,
    };

    public static string OperationName(MutationOperation operation) => operation switch
    {
        MutationOperation.Create => "create",
        MutationOperation.Update => "update",
        MutationOperation.Delete => "delete",
        _ => "remove",
    };

    private static MutationOperation ParseOperation(string name) => name switch
    {
        "create" => MutationOperation.Create,
        "update" => MutationOperation.Update,
        _ => MutationOperation.Delete,
    };
}

// JSON text of the values the client stores (record images, mutation data, field clocks).
internal static class ClientJson
{
    public static string? Write(IReadOnlyDictionary<string, JsonElement>? values) =>
        values is null ? null : JsonSerializer.Serialize(values as Dictionary<string, JsonElement> ?? new(values, StringComparer.Ordinal), ClientJsonContext.Default.DictionaryStringJsonElement);

    public static Dictionary<string, JsonElement>? ReadValues(string? json) =>
        json is null ? null : new(JsonSerializer.Deserialize(json, ClientJsonContext.Default.DictionaryStringJsonElement)!, StringComparer.Ordinal);

    public static string? WriteClocks(IReadOnlyDictionary<string, string>? clocks) =>
        clocks is null ? null : JsonSerializer.Serialize(clocks as Dictionary<string, string> ?? new(clocks, StringComparer.Ordinal), ClientJsonContext.Default.DictionaryStringString);

    public static Dictionary<string, string>? ReadClocks(string? json) =>
        json is null ? null : new(JsonSerializer.Deserialize(json, ClientJsonContext.Default.DictionaryStringString)!, StringComparer.Ordinal);
}
