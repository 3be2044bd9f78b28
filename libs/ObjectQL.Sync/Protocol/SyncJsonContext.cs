using System.Text.Json;
using System.Text.Json.Serialization;

namespace ObjectQL.Sync.Protocol;

/// <summary>
/// The source-generated System.Text.Json context of the wire types: camelCase members, absent optional members,
/// and strict reading (every required member present, no unknown member, no null where the contract has none).
/// Use <see cref="SyncJson"/> rather than this type directly: it turns reading errors into <see cref="ObjectQLException"/>.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectRequiredConstructorParameters = true,
    RespectNullableAnnotations = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowOutOfOrderMetadataProperties = true,
    NumberHandling = JsonNumberHandling.Strict,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    AllowTrailingCommas = false)]
[JsonSerializable(typeof(SyncPushRequest))]
[JsonSerializable(typeof(SyncPushResponse))]
[JsonSerializable(typeof(MutationLogEntry))]
[JsonSerializable(typeof(SyncMutationResult))]
[JsonSerializable(typeof(SyncConflict))]
[JsonSerializable(typeof(SyncServerChange))]
[JsonSerializable(typeof(SyncErrorResponse))]
public sealed partial class SyncJsonContext : JsonSerializerContext;
