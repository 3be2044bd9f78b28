using System.Text.Json.Serialization;

namespace ObjectQL.Sync.Protocol;

/// <summary>The body of <c>POST /api/sync</c>: the client's pending mutations and the checkpoint it last received.</summary>
/// <param name="ClientId">The client's id, a canonical lower-case UUID, one per (user, tenant, install); the server binds it to the authenticated principal.</param>
/// <param name="ClientEpoch">
/// The client's writer epoch (addition), 1 or more: raised each time a process takes the client's single-writer lock. The
/// server fences requests of an older epoch (<c>SYNC_CLIENT_FENCED</c>), so a stale tab or a restored copy cannot write.
/// </param>
/// <param name="ClientClock">
/// The client's clock when it sent the request (addition), in the text form of <c>HlcTimestamp</c>; the server measures the
/// device's skew with it and restamps the request's writes by that skew when it exceeds the drift limit.
/// </param>
/// <param name="Mutations">The mutations to apply, in the client's order; may be empty to only pull.</param>
/// <param name="LastCheckpoint">The opaque checkpoint of the last response, or null on first sync.</param>
public sealed record SyncPushRequest(
    string ClientId,
    long ClientEpoch,
    string ClientClock,
    IReadOnlyList<MutationLogEntry> Mutations,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? LastCheckpoint);
