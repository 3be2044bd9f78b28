using ObjectQL.Sync.Clocks;

namespace ObjectQL.Sync.Client.Storage;

// The client clock's bound in the local store's state row. It reads and writes through the session of the transaction
// that uses the clock (Ambient), so the bound commits with the mutation whose clock needed it and no second writer ever
// waits for the store's write lock held by the first. Every clock call of the client runs inside such a transaction.
internal sealed class StoreHlcStateStore(ClientStore store) : IHlcStateStore
{
    private static readonly AsyncLocal<IPipelineSession?> Current = new();

    public static IDisposable Ambient(IPipelineSession session)
    {
        var previous = Current.Value;
        Current.Value = session;
        return new Restore(previous);
    }

    public async ValueTask<long?> ReadReservedWallAsync(CancellationToken cancellationToken)
    {
        var state = await store.FindStateAsync(Session(), ClientStore.HlcRow, cancellationToken).ConfigureAwait(false);
        return state?["hlc_reserved"] is double wall ? (long)wall : null;
    }

    public ValueTask WriteReservedWallAsync(long wallMilliseconds, CancellationToken cancellationToken) =>
        store.PutStateAsync(Session(), ClientStore.HlcRow, new Record { ["hlc_reserved"] = (double)wallMilliseconds }, cancellationToken);

    private static IPipelineSession Session() =>
        Current.Value ?? throw new InvalidOperationException("The sync client's clock was used outside a local transaction.");

    private sealed class Restore(IPipelineSession? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
