using ObjectQL.Drivers;
using ObjectQL.Metadata;
using ObjectQL.Querying;

namespace ObjectQL.Sync.Server.Storage;

/// <summary>
/// Rekeys the change rows a store of an earlier version wrote, once: their ids were generated (UUIDv7) and a pull found
/// them by an index on tx_id, which schema sync drops now that the model no longer declares it. Each row is written
/// again under its commit's key (<see cref="ChangeKeys"/>), a batch per transaction, in the key's order, and the log
/// state then records that the store needs no more of it. Every server runs it at its start until the state says so;
/// servers running at once rekey each batch once (the one that deleted fewer rows than it read rolls back and reads on).
/// </summary>
internal static class ChangeKeyUpgrade
{
    private const int Batch = 500;

    public static async Task RunAsync(ObjectQLDatabase database, LogState state, CancellationToken cancellationToken)
    {
        if (state.KeyedByCommit)
        {
            return;
        }
        var system = database.System;
        var definition = database.Model.Get(SyncObjects.Change);
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
            var stale = new List<Record>();
            foreach (var row in rows)
            {
                if (!string.Equals(row.Id, KeyOf(row), StringComparison.Ordinal))
                {
                    stale.Add(row);
                }
            }
            if (stale.Count > 0 && !await RekeyAsync(database, definition, stale, cancellationToken).ConfigureAwait(false))
            {
                // Another server rekeyed some of them first: read the batch again.
                continue;
            }
            after = rows[^1].Id;
        }
        await LogState.SetKeyedByCommitAsync(system, cancellationToken).ConfigureAwait(false);
    }

    private static string KeyOf(Record row) => ChangeKeys.Of((string)row["tx_id"]!, RowValues.Long(row["ordinal"]));

    // Deletes the rows and inserts them under their keys in one transaction; false (nothing changed) when fewer rows were
    // there to delete than were read.
    private static async Task<bool> RekeyAsync(ObjectQLDatabase database, ObjectDefinition definition, List<Record> stale, CancellationToken cancellationToken)
    {
        var ids = stale.ConvertAll(row => row.Id!);
        var rekeyed = stale.ConvertAll(row =>
        {
            var copy = new Record(row.Count);
            foreach (var (field, value) in row)
            {
                copy[field] = value;
            }
            copy[SystemFields.Id] = KeyOf(row);
            return copy;
        });
        try
        {
            return await database.System.TransactionAsync(async (tx, ct) =>
            {
                var removed = await tx.Object(SyncObjects.Change).DeleteByIdsAsync(ids, ct).ConfigureAwait(false);
                if (removed < ids.Count && DriverCapabilities.TransactionModelOf(database.Driver) != TransactionModel.Batched)
                {
                    throw new RekeyRaceException();
                }
                await database.Driver.InsertAsync(definition, rekeyed, tx.Transaction, ct).ConfigureAwait(false);
                return true;
            }, cancellationToken).ConfigureAwait(false);
        }
        // A batch-only store (D1) counts no deletes before its commit: there the other server's insert of a key is what
        // refuses the batch.
        catch (Exception race) when (race is RekeyRaceException || race is ObjectQLException { Code: ErrorCodes.Conflict })
        {
            return false;
        }
    }

    // Rolls a batch back when another server rekeyed part of it first.
    private sealed class RekeyRaceException : Exception;
}
