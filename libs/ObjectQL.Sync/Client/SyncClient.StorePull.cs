using ObjectQL.Sync.Client.Merge;
using ObjectQL.Sync.Client.Storage;
using ObjectQL.Sync.Clocks;
using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Client;

public sealed partial class SyncClient
{
    // A page of a pull the store applies itself (StorePull): read, checked and staged there in one call, or applied
    // with the pages staged before it, in one local transaction with the checkpoint and the limits (RFC 10.3), as
    // ApplyResponseAsync does with a page the client read. Null, with nothing written, when the store leaves the page
    // to the client. Once a page is staged, the next page is asked for at once: the server answers while this
    // transaction writes the state and commits (the request is the one PrepareAsync would build next: no mutation is
    // logged, so none is sent, and the checkpoint is this page's).
    private async Task<StoreTaken?> ApplyInStoreAsync(StorePull pull, byte[] body, CancellationToken cancellationToken)
    {
        var changes = -1;
        var ticket = Interlocked.Increment(ref _statusReadsStarted);
        StoreTaken? taken = null;
        Task<byte[]>? next = null;
        bool applied;
        try
        {
            applied = await _core.Database.System.TransactionAsync(async (session, ct) =>
            {
                using var ambient = StoreHlcStateStore.Ambient(session);
                var state = await _core.Store.FindStateAsync(session, ClientStore.ClientRow, ct).ConfigureAwait(false);
                var resyncing = state?["resyncing"] is true;
                string? latest = null;
                if (await pull.TakeAsync(session, body, ct).ConfigureAwait(false) is not { } page)
                {
                    return false;
                }
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
                next = page.HasMore ? await AskAheadAsync(session, pull, page, ct, cancellationToken).ConfigureAwait(false) : null;
                await PutResponseStateAsync(session, page.Checkpoint, resyncing, state?["resync_reason"], page.HighestSequence,
                    page.MaxMutationsPerRequest, page.MaxRecordBytes, ct).ConfigureAwait(false);
                // The pull ends with this page: whether a write made meanwhile waits to be sent, and the status, are read
                // here rather than in a transaction of their own (HasSendableAsync).
                var log = page.HasMore ? null : await _core.Store.MutationsAsync(session, null, null, ct).ConfigureAwait(false);
                taken = new StoreTaken(page, next, log is null ? null : new LogRead(log, ticket, ParkedHold.AnySendable(log)));
                return true;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Unread(next);
            throw;
        }
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

    // The next page's request sent now, in the page's transaction once the page's clocks are received: null when a
    // mutation is logged (the next request pushes it, built by PrepareAsync as always). The clock it carries is taken
    // in this transaction, so it is stored with the page's state.
    private async Task<Task<byte[]>?> AskAheadAsync(
        ObjectQLSession session, StorePull pull, StorePage page, CancellationToken cancellationToken, CancellationToken sendCancellation)
    {
        if (await _core.Store.CountMutationsAsync(session, null, cancellationToken).ConfigureAwait(false) > 0)
        {
            return null;
        }
        var clock = await _core.Clock.NextAsync(cancellationToken).ConfigureAwait(false);
        var request = new SyncPushRequest(_core.ClientId, _core.Epoch, clock.ToString(), [], page.Checkpoint);
        return pull.Transport.SendForBodyAsync(request, sendCancellation);
    }
}

// A page the store took, the next page's body when it was asked for in the page's transaction, and for the last page
// the log as read in its transaction (the run ends there unless it holds a mutation to send).
internal sealed record StoreTaken(StorePage Page, Task<byte[]>? Next, LogRead? End);
