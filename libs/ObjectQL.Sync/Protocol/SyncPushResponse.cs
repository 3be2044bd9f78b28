namespace ObjectQL.Sync.Protocol;

/// <summary>The answer to a push: one result per mutation, a page of server changes, and the next checkpoint.</summary>
/// <param name="Results">One result per mutation, in request order, each naming its mutation id.</param>
/// <param name="ServerChanges">Changes committed after the request's checkpoint, in commit order, without the caller's own echoes.</param>
/// <param name="Checkpoint">The opaque checkpoint to send next time.</param>
/// <param name="HasMore">More changes wait (addition); the client pulls again at once with <paramref name="Checkpoint"/>.</param>
/// <param name="ResyncRequired">The request's checkpoint is past the retention window or unusable (addition); the client must discard its copy and pull from a null checkpoint. Results are still valid.</param>
/// <param name="ServerClock">The server's clock when it answered (addition); the client feeds it to its own clock.</param>
public sealed record SyncPushResponse(
    IReadOnlyList<SyncMutationResult> Results,
    IReadOnlyList<SyncServerChange> ServerChanges,
    string Checkpoint,
    bool HasMore,
    bool ResyncRequired,
    string ServerClock);
