using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Sync.Server.Diagnostics;
using ObjectQL.Sync.Server.Storage;

namespace ObjectQL.Sync.Server;

public sealed partial class SyncServer
{
    private const int PruneBatch = 500;

    /// <summary>
    /// Retention (RFC 6.6): removes commits and change rows older than <see cref="Configuration.SyncEndpointConfig.ChangeLogRetentionDays"/>
    /// in position order and records the highest pruned position (checkpoints at or below it get <c>resyncRequired</c>,
    /// reason <c>retention</c>); removes idempotency answers and tombstones older than the window. Safe to run from
    /// several instances and while clients sync; call it periodically (for example hourly) from a background service.
    /// </summary>
    public async Task<SyncPruneResult> PruneAsync(CancellationToken cancellationToken = default)
    {
        using var activity = SyncServerMetrics.Source.StartActivity("sync.prune");
        var system = Database.System;
        var cutoff = _log.Time.GetUtcNow() - Options.Endpoint.ChangeLogRetention;
        var state = await LogState.ReadOrCreateAsync(system, cancellationToken).ConfigureAwait(false);
        long prunedThrough = state.PrunedThrough, commits = 0, changes = 0;
        // The newest commit always stays: the head and its tag are read from it, and a log pruned empty would read as
        // position 0, below what was pruned, so every checkpoint (even a fresh snapshot's) would need a resync forever.
        var (head, _) = await HeadAsync(system, await _log.SettledAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        var expiredRunEnded = false;
        while (!expiredRunEnded)
        {
            // Only the oldest positions' unbroken run of expired commits goes. Commit times do not follow positions (a
            // commit's time is taken before its position, and instances' clocks differ a little), so pruning every expired
            // commit could remove one above a surviving one; a pull that read the pruned point before this prune and the
            // log after it would then find the surviving commit at its checkpoint and read on past a hole. Pruning a
            // prefix keeps "the commit at my position is still there" proof that nothing after it is gone.
            var candidates = await system.Object(SyncObjects.Commit).FindAsync(new Query
            {
                Where = new Filter.Comparison("position", FilterOperator.Lt, (double)head),
                OrderBy = [new SortSpec("position")],
                Limit = PruneBatch,
            }, cancellationToken).ConfigureAwait(false);
            var batch = ExpiredPrefix(candidates, cutoff);
            expiredRunEnded = batch.Count < PruneBatch;
            if (batch.Count == 0)
            {
                break;
            }
            var top = batch.Max(c => RowValues.Long(c["position"]));
            (var removedChanges, var removedCommits) = await system.TransactionAsync(async (tx, ct) =>
            {
                // The commit rows first: a read rekeying a commit an earlier version wrote marks its commit row first
                // (ChangeKeyUpgrade), so one of the two waits for the other, and the change rows below are read after it.
                var gone = await tx.Object(SyncObjects.Commit).DeleteByIdsAsync(batch.Select(c => c.Id!).ToArray(), ct).ConfigureAwait(false);
                // The commits' ranges of the change rows' key (ChangeKeys), or for a commit an earlier version wrote its
                // tx_id (KeyedCommits): the log keeps no index on tx_id.
                var removed = await tx.Object(SyncObjects.Change).DeleteManyAsync(KeyedCommits.RowsOf(batch), ct).ConfigureAwait(false);
                // Recorded with the rows it describes, so a checkpoint never points into a gap the state does not name.
                await LogState.SetPrunedThroughAsync(tx, Math.Max(top, prunedThrough), ct).ConfigureAwait(false);
                return (removed, gone);
            }, cancellationToken).ConfigureAwait(false);
            prunedThrough = Math.Max(top, prunedThrough);
            changes += removedChanges;
            commits += removedCommits;
        }
        var mutations = await system.Object(SyncObjects.Mutation).DeleteManyAsync(
            new Filter.Comparison(SystemFields.CreatedAt, FilterOperator.Lt, cutoff), cancellationToken).ConfigureAwait(false);
        var tombstones = await system.Object(SyncObjects.RecordState).DeleteManyAsync(
            new Filter.Comparison(SystemFields.UpdatedAt, FilterOperator.Lt, cutoff) & new Filter.Comparison("deleted_clock", FilterOperator.Null, false),
            cancellationToken).ConfigureAwait(false);
        Count("changes", changes);
        Count("commits", commits);
        Count("mutations", mutations);
        Count("tombstones", tombstones);
        return new SyncPruneResult(prunedThrough, commits, changes, mutations, tombstones);
    }

    private static List<Record> ExpiredPrefix(IReadOnlyList<Record> commitsByPosition, DateTimeOffset cutoff)
    {
        var expired = new List<Record>(commitsByPosition.Count);
        foreach (var commit in commitsByPosition)
        {
            if ((DateTimeOffset)commit["committed_at"]! >= cutoff)
            {
                break;
            }
            expired.Add(commit);
        }
        return expired;
    }

    private void Count(string table, long rows) => _log.Metrics.Pruned.Add(rows, new KeyValuePair<string, object?>("table", table));
}
