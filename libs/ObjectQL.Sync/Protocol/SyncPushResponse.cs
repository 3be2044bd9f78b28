namespace ObjectQL.Sync.Protocol;

/// <summary>The answer to a push: one result per mutation, a page of server changes, and the next checkpoint.</summary>
/// <param name="Results">One result per mutation, in request order, each naming its mutation id.</param>
/// <param name="ServerChanges">Changes committed after the request's checkpoint, in commit order, without the caller's own echoes.</param>
/// <param name="Checkpoint">The opaque checkpoint to send next time.</param>
/// <param name="HasMore">More changes wait (addition); the client pulls again at once with <paramref name="Checkpoint"/>.</param>
/// <param name="ResyncRequired">The request's checkpoint is unusable (addition); the client replaces its synced copy with the snapshot that <paramref name="Checkpoint"/> starts. Results are still valid.</param>
/// <param name="ServerClock">The server's clock when it answered (addition); the client feeds it to its own clock.</param>
/// <param name="HighestSequence">The highest mutation sequence the server has processed for this client (addition); the client numbers new mutations above it.</param>
/// <param name="Limits">The server's limits (addition), so a client sizes its pushes and refuses oversize records before sending.</param>
/// <param name="ResyncReason">Why a resync is required (addition); present exactly when <paramref name="ResyncRequired"/> is true.</param>
public sealed record SyncPushResponse(
    IReadOnlyList<SyncMutationResult> Results,
    IReadOnlyList<SyncServerChange> ServerChanges,
    string Checkpoint,
    bool HasMore,
    bool ResyncRequired,
    string ServerClock,
    long HighestSequence,
    SyncLimits Limits,
    ResyncReason? ResyncReason = null);

/// <summary>The limits a server enforces, advertised in every response.</summary>
/// <param name="MaxMutationsPerRequest">The most mutations one push may carry.</param>
/// <param name="MaxRecordBytes">The largest <c>data</c> of one mutation, in bytes of its canonical JSON; a larger mutation is its own <c>rejected PAYLOAD_TOO_LARGE</c>.</param>
/// <param name="MaxRequestBytes">The largest request body; a larger body is refused whole (HTTP 413).</param>
public sealed record SyncLimits(int MaxMutationsPerRequest, int MaxRecordBytes, int MaxRequestBytes)
{
    /// <summary>The default batch limit: 100 mutations (the server commits them in chunks of at most 32).</summary>
    public const int DefaultMaxMutationsPerRequest = 100;

    /// <summary>The defaults: 100 mutations, 1 MiB per record, 4 MiB per request.</summary>
    public static SyncLimits Default { get; } = new(DefaultMaxMutationsPerRequest, 1 << 20, 4 << 20);
}
