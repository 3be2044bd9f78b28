using ObjectQL.Drivers;
using ObjectQL.Metadata;
using ObjectQL.Querying;

namespace ObjectQL.Sync.Server.Storage;

/// <summary>
/// Rekeys the change rows a store of an earlier version wrote: their ids were generated (UUIDv7) and a pull found them by
/// an index on tx_id, which schema sync drops now that the model no longer declares it. Each row is written again under
/// its commit's key (<see cref="ChangeKeys"/>), a batch per transaction, in the key's order; the commits whose rows were
/// all there before the scan began are then marked keyed (<see cref="KeyedCommits"/>), and the log state records that
/// the store needs no more of it. Every server runs it at its start until the state says so; servers running at once
/// rekey each batch once (the one that deleted fewer rows than it read rolls back and reads on). A server of an earlier
/// version may go on writing unmarked commits meanwhile and afterwards: a read meets them and rekeys each
/// (<see cref="RekeyCommitAsync"/>).
/// </summary>
internal static class ChangeKeyUpgrade
{
    private const int Batch = 500;

    // Servers racing for one commit settle within a try or two: the loser finds the rows keyed and marks alone.
    private const int MaxRekeyTries = 3;

    public static async Task RunAsync(ChangeLog log, LogState state, CancellationToken cancellationToken)
    {
        if (state.KeyedByCommit)
        {
            return;
        }
        var database = log.Database;
        var system = database.System;
        var definition = database.Model.Get(SyncObjects.Change);
        // Read before the scan: every commit at or below it has ended, so the scan meets all of its rows. A commit above
        // it (a server of an earlier version still writing) may have rows behind the scan, and stays unmarked.
        var scanned = await HighestEndedAsync(log, cancellationToken).ConfigureAwait(false);
        string? after = null;
        while (true)
        {
            var rows = await system.Object(SyncObjects.Change).FindAsync(new Query
            {
                Where = after is null ? null : new Filter.Comparison(SystemFields.Id, FilterOperator.Gt, after),
                OrderBy = [new SortSpec(SystemFields.Id)],
                Limit = Batch,
            }, cancellationToken).ConfigureAwait(false);
            if (rows.Count == 0)
            {
                break;
            }
            if (!await RekeyAsync(database, definition, Stale(rows), commitId: null, cancellationToken).ConfigureAwait(false))
            {
                // Another server rekeyed some of them first: read the batch again.
                continue;
            }
            after = rows[^1].Id;
        }
        await MarkThroughAsync(database, scanned, cancellationToken).ConfigureAwait(false);
        await LogState.SetKeyedByCommitAsync(system, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Rekeys the rows of <paramref name="commit"/>, an unmarked commit (read with its id and tx_id), and marks it, in one
    /// transaction; the number of rows rekeyed, 0 when another server had done it (or the commit was pruned meanwhile).
    /// </summary>
    /// <remarks>
    /// Each try that loses a race reads again, at most <see cref="MaxRekeyTries"/> times: a commit row deleted by hand
    /// while its change rows stay would otherwise fail every try. The read that met the commit has its rows either way;
    /// a later read tries again.
    /// </remarks>
    public static async Task<int> RekeyCommitAsync(ObjectQLDatabase database, Record commit, CancellationToken cancellationToken)
    {
        var definition = database.Model.Get(SyncObjects.Change);
        var byTxId = new Query { Where = new Filter.Comparison("tx_id", FilterOperator.Eq, commit["tx_id"]) };
        for (var tries = 0; tries < MaxRekeyTries; tries++)
        {
            var stale = Stale(await database.System.Object(SyncObjects.Change).FindAsync(byTxId, cancellationToken).ConfigureAwait(false));
            if (stale.Count == 0)
            {
                // Keyed already (or gone): the mark alone, which writes nothing on a pruned commit.
                await database.Driver.UpdateAsync(database.Model.Get(SyncObjects.Commit), [Mark(commit.Id!)], null, cancellationToken).ConfigureAwait(false);
                return 0;
            }
            if (await RekeyAsync(database, definition, stale, commit.Id, cancellationToken).ConfigureAwait(false))
            {
                return stale.Count;
            }
        }
        return 0;
    }

    private static List<Record> Stale(IReadOnlyList<Record> rows)
    {
        var stale = new List<Record>();
        foreach (var row in rows)
        {
            if (!string.Equals(row.Id, KeyOf(row), StringComparison.Ordinal))
            {
                stale.Add(row);
            }
        }
        return stale;
    }

    private static string KeyOf(Record row) => ChangeKeys.Of((string)row["tx_id"]!, RowValues.Long(row["ordinal"]));

    // The highest position every writer below which has ended: the settled one where positions settle (PostgreSQL,
    // SQLite), else the highest committed (a batch-only store's counter).
    private static async Task<long> HighestEndedAsync(ChangeLog log, CancellationToken cancellationToken)
    {
        if (await log.SettledAsync(cancellationToken).ConfigureAwait(false) is { } settled)
        {
            return settled;
        }
        var highest = await log.Database.System.Object(SyncObjects.Commit).FindAsync(new Query
        {
            Fields = ["position"],
            OrderBy = [new SortSpec("position", SortDirection.Descending)],
            Limit = 1,
        }, cancellationToken).ConfigureAwait(false);
        return highest.Count == 0 ? 0 : RowValues.Long(highest[0]["position"]);
    }

    // Marks every unmarked commit at or below the position keyed, a batch of ids at a time (the driver updates by id).
    private static async Task MarkThroughAsync(ObjectQLDatabase database, long position, CancellationToken cancellationToken)
    {
        var commits = database.Model.Get(SyncObjects.Commit);
        var unmarked = new Query
        {
            Where = new Filter.Comparison(KeyedCommits.Field, FilterOperator.Null, true)
                & new Filter.Comparison("position", FilterOperator.Lte, (double)position),
            Fields = [SystemFields.Id],
            Limit = Batch,
        };
        while (true)
        {
            var rows = await database.System.Object(SyncObjects.Commit).FindAsync(unmarked, cancellationToken).ConfigureAwait(false);
            if (rows.Count > 0)
            {
                await database.Driver.UpdateAsync(commits, rows.Select(r => Mark(r.Id!)).ToList(), null, cancellationToken).ConfigureAwait(false);
            }
            if (rows.Count < Batch)
            {
                return;
            }
        }
    }

    private static RecordChange Mark(string commitId) => new(commitId, new Record(1) { [KeyedCommits.Field] = KeyedCommits.Keyed });

    // Marks the commit (when one is given), then deletes the rows and inserts them under their keys, in one transaction;
    // false (nothing changed) when fewer rows were there to delete than were read, or the commit was no longer there.
    // The commit row is written first so that a prune, which deletes a commit row before its change rows, waits for
    // this transaction (and then deletes the rows under their new keys) or makes it find the commit gone.
    private static async Task<bool> RekeyAsync(ObjectQLDatabase database, ObjectDefinition definition, List<Record> stale, string? commitId, CancellationToken cancellationToken)
    {
        if (stale.Count == 0)
        {
            return true;
        }
        var ids = stale.ConvertAll(row => row.Id!);
        var rekeyed = stale.ConvertAll(row =>
        {
            var copy = row.Clone();
            copy[SystemFields.Id] = KeyOf(row);
            return copy;
        });
        // A batch-only store (D1) counts no writes before its commit, which refuses the batch instead (the catch below).
        var counted = DriverCapabilities.TransactionModelOf(database.Driver) != TransactionModel.Batched;
        try
        {
            return await database.System.TransactionAsync(async (tx, ct) =>
            {
                if (commitId is not null)
                {
                    var marked = await database.Driver.UpdateAsync(database.Model.Get(SyncObjects.Commit), [Mark(commitId)], tx.Transaction, ct).ConfigureAwait(false);
                    if (!marked[0] && counted)
                    {
                        throw new RekeyRaceException();
                    }
                }
                var removed = await tx.Object(SyncObjects.Change).DeleteByIdsAsync(ids, ct).ConfigureAwait(false);
                if (removed < ids.Count && counted)
                {
                    throw new RekeyRaceException();
                }
                await database.Driver.InsertAsync(definition, rekeyed, tx.Transaction, ct).ConfigureAwait(false);
                return true;
            }, cancellationToken).ConfigureAwait(false);
        }
        // A batch-only store refuses the whole batch at its commit instead: a key another server inserted first (a
        // conflict), or the commit row's update finding no row (pruned meanwhile).
        catch (Exception race) when (race is RekeyRaceException || race is ObjectQLException { Code: ErrorCodes.Conflict or ErrorCodes.NotFound })
        {
            return false;
        }
    }

    // Rolls a batch back when another server rekeyed part of it first, or pruned its commit.
    private sealed class RekeyRaceException : Exception;
}
