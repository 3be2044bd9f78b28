using ObjectQL.Sync.Client.Merge;
using ObjectQL.Sync.Client.Storage;
using ObjectQL.Sync.Clocks;

namespace ObjectQL.Sync.Client;

public sealed partial class SyncClient
{
    // A page of a pull the store applies itself (StorePull): read, checked and staged there in one call, or applied
    // with the pages staged before it, in one local transaction with the checkpoint and the limits (RFC 10.3), as
    // ApplyResponseAsync does with a page the client read. Null, with nothing written, when the store leaves the page
    // to the client.
    private async Task<StorePage?> ApplyInStoreAsync(StorePull pull, byte[] body, CancellationToken cancellationToken)
    {
        if (pull.Decode(body) is not { } text)
        {
            Log.LeftToClient(_logger, pull.Refusal ?? "refused");
            return null;
        }
        var changes = -1;
        StorePage? taken = null;
        var applied = await _core.Database.System.TransactionAsync(async (session, ct) =>
        {
            using var ambient = StoreHlcStateStore.Ambient(session);
            var state = await _core.Store.FindStateAsync(session, ClientStore.ClientRow, ct).ConfigureAwait(false);
            var resyncing = state?["resyncing"] is true;
            string? latest = null;
            if (await pull.TakeAsync(session, text, ct).ConfigureAwait(false) is not { } page)
            {
                return false;
            }
            taken = page;
            if (!page.HasMore)
            {
                if (await pull.ApplyAsync(session, page, resyncing, ct).ConfigureAwait(false) is not { } set)
                {
                    return false;
                }
                latest = set.LatestClock;
                changes = set.Changes;
                resyncing = false;
            }
            if (HlcTimestamp.TryParse(page.ServerClock, out var serverClock))
            {
                await _core.Clock.ReceiveAsync(serverClock, ct).ConfigureAwait(false);
            }
            // The latest clock of the set leaves the clock above every one of them (ChangeApplier receives the same).
            if (HlcTimestamp.TryParse(latest, out var clock))
            {
                await _core.Clock.ReceiveAsync(clock, ct).ConfigureAwait(false);
            }
            await PutResponseStateAsync(session, page.Checkpoint, resyncing, state?["resync_reason"], page.HighestSequence,
                page.MaxMutationsPerRequest, page.MaxRecordBytes, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
        if (!applied)
        {
            Log.LeftToClient(_logger, pull.Refusal ?? "refused");
            return null;
        }
        if (changes >= 0)
        {
            Log.AppliedInStore(_logger, changes);
        }
        return taken;
    }
}
