using System.Text.Json;
using System.Text.Json.Serialization;

namespace ObjectQL.Sync.Client.Storage;

// What the client stores as JSON text in its system objects. Reading is lenient about nothing: these are its own rows.
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Dictionary<string, JsonElement>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(ParkedInfo))]
internal sealed partial class ClientJsonContext : JsonSerializerContext;

// Why a mutation is parked, as stored in its log row.
internal sealed record ParkedInfo(
    Client.ParkedKind Kind,
    string Code,
    string Reason,
    IReadOnlyList<ErrorDetail>? Details = null,
    Protocol.SyncConflict? Conflict = null);
