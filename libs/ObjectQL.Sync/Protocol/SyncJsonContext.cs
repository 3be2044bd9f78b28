using System.Text.Json;
using System.Text.Json.Serialization;

namespace ObjectQL.Sync.Protocol;

/// <summary>
/// The source-generated System.Text.Json context of the wire types: camelCase members, absent optional members,
/// and strict reading (every required member present, no unknown member, no duplicate member, no null where the
/// contract has none). The server reads requests with it. Use <see cref="SyncJson"/> rather than this type directly:
/// it turns reading errors into <see cref="ObjectQLException"/>.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectRequiredConstructorParameters = true,
    RespectNullableAnnotations = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowDuplicateProperties = false,
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
public sealed partial class SyncJsonContext : JsonSerializerContext;

/// <summary>
/// The context a client reads responses with: as strict as <see cref="SyncJsonContext"/> (required members, types,
/// duplicates, known <c>status</c> and <c>operation</c> values) except that members it does not know are skipped, so a
/// server may add optional response members to v1 without breaking shipped clients.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectRequiredConstructorParameters = true,
    RespectNullableAnnotations = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    AllowDuplicateProperties = false,
    AllowOutOfOrderMetadataProperties = true,
    NumberHandling = JsonNumberHandling.Strict,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    AllowTrailingCommas = false)]
[JsonSerializable(typeof(SyncPushResponse))]
public sealed partial class SyncResponseJsonContext : JsonSerializerContext;
