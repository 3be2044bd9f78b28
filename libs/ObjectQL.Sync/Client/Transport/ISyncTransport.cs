using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Client.Transport;

/// <summary>
/// Carries one push to the server and its answer back. <see cref="HttpSyncTransport"/> speaks <c>POST /api/sync</c>;
/// a browser host may supply its own. Failures are <see cref="SyncTransportException"/>s: the engine retries those
/// that can succeed later (<see cref="SyncTransportException.IsTransient"/>) and reports the rest.
/// </summary>
public interface ISyncTransport
{
    /// <summary>Sends <paramref name="request"/> and returns the server's answer.</summary>
    /// <exception cref="SyncTransportException">The server refused the request or could not be reached; nothing was applied (or, for a lost answer, the retry replays it).</exception>
    Task<SyncPushResponse> SendAsync(SyncPushRequest request, CancellationToken cancellationToken);
}
