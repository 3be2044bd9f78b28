using System.Text.Json.Serialization;

namespace ObjectQL.Sync.Protocol;

/// <summary>The body of <c>POST /api/sync</c>: the client's pending mutations and the checkpoint it last received.</summary>
/// <param name="ClientId">The client's id; the server binds it to the authenticated principal.</param>
/// <param name="Mutations">The mutations to apply, in the client's order; may be empty to only pull.</param>
/// <param name="LastCheckpoint">The opaque checkpoint of the last response, or null on first sync.</param>
public sealed record SyncPushRequest(
    string ClientId,
    IReadOnlyList<MutationLogEntry> Mutations,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? LastCheckpoint);
