using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Server.Handling;

namespace ObjectQL.AspNetCore.Tests.Sync;

/// <summary>
/// A handler whose answer a test chooses, for the endpoint's own behaviour around it (a failure the real server cannot be
/// made to produce on demand, the caller it is handed). It counts its calls, so a refusal can show it was never reached.
/// </summary>
internal sealed class StubSyncHandler(Func<SyncPushRequest, ObjectQLContext, SyncPushResponse> answer) : ISyncRequestHandler
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public ObjectQLContext? LastCaller { get; private set; }

    public Task<SyncPushResponse> HandleAsync(SyncPushRequest request, ObjectQLContext caller, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        LastCaller = caller;
        return Task.FromResult(answer(request, caller));
    }

    /// <summary>An answer with one applied result per mutation and no changes.</summary>
    public static SyncPushResponse Applied(SyncPushRequest request) => new(
        [.. request.Mutations.Select(m => (SyncMutationResult)new SyncMutationApplied(m.Id, 1, ApplyOutcome.Accepted, m.Clock))],
        [], "v1.stub", false, false, request.ClientClock, request.Mutations.LastOrDefault()?.Sequence ?? 0, SyncLimits.Default);
}
