using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Server.Handling;

/// <summary>
/// The host-agnostic heart of <c>POST /api/sync</c>: applies a request's mutations (each exactly once) and answers with
/// their results and the changes since the request's checkpoint. An HTTP endpoint reads and limits the body, resolves the
/// caller from its authentication and calls this; everything the protocol decides happens here.
/// </summary>
public interface ISyncRequestHandler
{
    /// <summary>
    /// Handles one sync request for <paramref name="caller"/> (never a system context unless the host means it).
    /// A mutation's own failure is its result; a failure of the whole request (a fenced client, a client id bound to
    /// another principal, a sequence that went back, an invalid checkpoint) is a <see cref="SyncRequestException"/> and
    /// nothing was applied.
    /// </summary>
    Task<SyncPushResponse> HandleAsync(SyncPushRequest request, ObjectQLContext caller, CancellationToken cancellationToken = default);

    /// <summary>
    /// Handles one sync request whose client asked for pages of at most <paramref name="pageSize"/> server changes (the
    /// <c>X-ObjectQL-Sync-Page-Size</c> header; null when it asked for none). The ask is a hint: a handler caps it at its
    /// own maximum, and one that does not page by it (this default) answers its usual pages.
    /// </summary>
    Task<SyncPushResponse> HandleAsync(SyncPushRequest request, ObjectQLContext caller, int? pageSize, CancellationToken cancellationToken) =>
        HandleAsync(request, caller, cancellationToken);
}
