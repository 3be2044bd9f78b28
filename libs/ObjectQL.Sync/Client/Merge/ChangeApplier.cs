using ObjectQL.Sync.Clocks;
using ObjectQL.Sync.Client.Storage;
using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Client.Merge;

// Applies a consistent set of server changes to the synced copy and rebases the overlay (RFC 10.2, 10.3, 5.3), inside
// the caller's local transaction. Incremental changes apply only when their version is above the one held, so replays
// and snapshot overlaps are harmless; a snapshot (resync) replaces the copy and sweeps records it no longer holds.
// Changes apply in batches: per batch, one read of the held copies, one of the pending mutations, one of the local rows
// per object, and the writes in bulk, instead of several statements per change.
internal sealed class ChangeApplier(ClientCore core, LocalRecords local, Action<SyncServerChange, ObjectQLException> skipped)
{
    // Changes per batch: large enough that a page costs a few statements, small enough that the id lists stay far below
    // every store's limit on a statement's parameters.
    internal const int BatchSize = 500;

    public async Task ApplyAsync(ObjectQLSession session, IReadOnlyList<SyncServerChange> changes, bool snapshot, CancellationToken cancellationToken)
    {
        await ReceiveLatestClockAsync(changes, cancellationToken).ConfigureAwait(false);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var synced = new List<SyncServerChange>(changes.Count);
        foreach (var change in changes)
        {
            if (core.ConfigOf(change.ObjectName) is { Enabled: true })
            {
                seen.Add(SyncedRecord.KeyOf(change.ObjectName, change.RecordId));
                synced.Add(change);
            }
        }
        foreach (var batch in synced.Chunk(BatchSize))
        {
            await ApplyBatchAsync(session, batch, snapshot, cancellationToken).ConfigureAwait(false);
        }
        if (snapshot)
        {
            await SweepAsync(session, seen, cancellationToken).ConfigureAwait(false);
        }
    }

    // Receiving the latest clock of the set leaves the clock above every one of them, as receiving each in turn would
    // (and refuses the set when one is too far ahead, as that would).
    private async Task ReceiveLatestClockAsync(IReadOnlyList<SyncServerChange> changes, CancellationToken cancellationToken)
    {
        HlcTimestamp? latest = null;
        foreach (var change in changes)
        {
            if (HlcTimestamp.TryParse(change.Clock, out var clock) && (latest is not { } before || clock > before))
            {
                latest = clock;
            }
        }
        if (latest is { } received)
        {
            await core.Clock.ReceiveAsync(received, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ApplyBatchAsync(ObjectQLSession session, SyncServerChange[] batch, bool snapshot, CancellationToken cancellationToken)
    {
        var keys = batch.Select(c => SyncedRecord.KeyOf(c.ObjectName, c.RecordId)).ToHashSet(StringComparer.Ordinal);
        var held = await core.Store.FindRecordsAsync(session, keys, cancellationToken).ConfigureAwait(false);
        var stored = held.Keys.ToHashSet(StringComparer.Ordinal);
        // Each record's final state after the batch, in the order the records were first changed.
        var written = new OrderedDictionary<string, RebasedRecord>(StringComparer.Ordinal);
        foreach (var change in batch)
        {
            var key = SyncedRecord.KeyOf(change.ObjectName, change.RecordId);
            if (!snapshot && held.GetValueOrDefault(key) is { } current && change.ServerVersion <= current.Version)
            {
                continue;
            }
            SyncedRecord? next;
            Record? values;
            try
            {
                (next, values) = Synced(change);
            }
            // A value this client's schema cannot hold (an older app version) skips that change, never the page: a page
            // that can never apply would wedge every later pull. The copy keeps its older version of the record.
            catch (ObjectQLException exception) when (Skippable(exception))
            {
                skipped(change, exception);
                continue;
            }
            if (next is null)
            {
                held.Remove(key);
            }
            else
            {
                held[key] = next;
            }
            written[key] = new RebasedRecord(change.ObjectName, change.RecordId, next, change) { Values = values };
        }
        await core.Store.PutRecordsAsync(session, written.ToDictionary(w => w.Key, w => w.Value.Synced, StringComparer.Ordinal), stored, snapshot, cancellationToken)
            .ConfigureAwait(false);
        await RebaseAsync(session, [.. written.Values], cancellationToken).ConfigureAwait(false);
    }

    // The synced copy a change leaves (null for a removal: the record left this client's view; a tombstone for a delete)
    // and, for a create or update, the record's values as the local row holds them. The image keeps the server's JSON
    // values as they arrived (the fields this schema knows); converting them to record values here is what refuses a
    // value the local schema cannot hold, and the converted values are the local row's when no local edit lies on top.
    private (SyncedRecord? Synced, Record? Values) Synced(SyncServerChange change)
    {
        if (change.Operation == MutationOperation.Remove)
        {
            return (null, null);
        }
        if (change.Operation == MutationOperation.Delete)
        {
            return (new SyncedRecord
            {
                ObjectName = change.ObjectName, RecordId = change.RecordId, Version = change.ServerVersion, Clock = change.Clock, Deleted = true,
            }, null);
        }
        var definition = core.Definition(change.ObjectName);
        var data = change.Data ?? new Dictionary<string, System.Text.Json.JsonElement>();
        var values = RecordValues.ToRecord(definition, data);
        return (new SyncedRecord
        {
            ObjectName = change.ObjectName,
            RecordId = change.RecordId,
            Version = change.ServerVersion,
            Clock = change.Clock,
            FieldClocks = change.FieldClocks is null ? null : new(change.FieldClocks, StringComparer.Ordinal),
            Image = RecordValues.Known(definition, data),
        }, values);
    }

    private static bool Skippable(ObjectQLException exception) => exception.Code is ErrorCodes.InvalidRequest or ErrorCodes.ValidationError;

    // The batch's local writes run as one nested unit. When one fails, the unit is undone and the batch is rebased
    // record by record in the order the changes came, as a change at a time would: a record whose write the local
    // schema refuses is skipped alone, and a record that needs an earlier one of another object finds it written.
    private async Task RebaseAsync(ObjectQLSession session, IReadOnlyList<RebasedRecord> records, CancellationToken cancellationToken)
    {
        if (records.Count == 0)
        {
            return;
        }
        try
        {
            await session.SavepointAsync((nested, ct) => local.RebaseManyAsync(nested, records, ct), cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (ObjectQLException)
        {
            // Written again below one record at a time, which reports or rethrows the failure for the record it belongs to.
        }
        foreach (var record in records)
        {
            try
            {
                await local.RebaseAsync(session, record.ObjectName, record.RecordId, cancellationToken).ConfigureAwait(false);
            }
            catch (ObjectQLException exception) when (record.Change is { } change && Skippable(exception))
            {
                skipped(change, exception);
            }
        }
    }

    // After a complete snapshot: records the copy held that the snapshot does not are gone for this client (mark and
    // sweep, RFC 5.3); pending local creates survive through the overlay.
    private async Task SweepAsync(ObjectQLSession session, HashSet<string> seen, CancellationToken cancellationToken)
    {
        var gone = new List<RebasedRecord>();
        foreach (var (objectName, config) in core.Configs)
        {
            if (!config.SendsChanges)
            {
                continue;
            }
            foreach (var record in await core.Store.RecordsOfAsync(session, objectName, cancellationToken).ConfigureAwait(false))
            {
                if (!seen.Contains(SyncedRecord.KeyOf(objectName, record.RecordId)))
                {
                    gone.Add(new RebasedRecord(objectName, record.RecordId, null, null));
                }
            }
        }
        foreach (var batch in gone.Chunk(BatchSize))
        {
            var removed = batch.ToDictionary(r => r.Key, SyncedRecord? (_) => null, StringComparer.Ordinal);
            await core.Store.PutRecordsAsync(session, removed, removed.Keys.ToHashSet(StringComparer.Ordinal), snapshot: true, cancellationToken).ConfigureAwait(false);
            await RebaseAsync(session, batch, cancellationToken).ConfigureAwait(false);
        }
    }
}
