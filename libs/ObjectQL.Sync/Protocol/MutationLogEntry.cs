using System.Text.Json;
using System.Text.Json.Serialization;

namespace ObjectQL.Sync.Protocol;

/// <summary>
/// One local write a client pushes: the seed's <c>MutationLogEntry</c> plus <see cref="Clock"/> and <see cref="BaseData"/>.
/// </summary>
/// <param name="Id">The mutation id, a UUIDv7 string unique per client; the idempotency key together with <see cref="ClientId"/>.</param>
/// <param name="ObjectName">The object, e.g. <c>todo_item</c>.</param>
/// <param name="RecordId">The record's id.</param>
/// <param name="Operation">Create, update or delete.</param>
/// <param name="Timestamp">The client's wall-clock time of the write (ISO 8601); informative only, never used for ordering.</param>
/// <param name="ClientId">The client that made the write; must equal the request's client id.</param>
/// <param name="Sequence">The client's per-client counter, starting at 1 and increasing across all objects.</param>
/// <param name="BaseVersion">The server version the write was based on; null only for a create.</param>
/// <param name="Clock">The hybrid logical clock of the write (addition), in the text form of <c>HlcTimestamp</c>; its node is the client id.</param>
/// <param name="Data">All fields for a create, the changed fields for an update, absent for a delete. Field names are the object's (snake_case).</param>
/// <param name="BaseData">The values the changed fields had at <paramref name="BaseVersion"/>, when the client knows them (addition); lets the server compare base, client and server values.</param>
public sealed record MutationLogEntry(
    string Id,
    string ObjectName,
    string RecordId,
    MutationOperation Operation,
    string Timestamp,
    string ClientId,
    long Sequence,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] long? BaseVersion,
    string Clock,
    [property: JsonConverter(typeof(RecordDataJsonConverter))] IReadOnlyDictionary<string, JsonElement>? Data = null,
    [property: JsonConverter(typeof(RecordDataJsonConverter))] IReadOnlyDictionary<string, JsonElement>? BaseData = null);
