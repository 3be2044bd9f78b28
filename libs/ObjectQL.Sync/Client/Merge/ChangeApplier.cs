using ObjectQL.Sync.Clocks;
using ObjectQL.Sync.Client.Storage;
using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Client.Merge;

// Applies a consistent set of server changes to the synced copy and rebases the overlay (RFC 10.2, 10.3, 5.3), inside
// the caller's local transaction. Incremental changes apply only when their version is above the one held, so replays
// and snapshot overlaps are harmless; a snapshot (resync) replaces the copy and sweeps records it no longer holds.
internal sealed class ChangeApplier(ClientCore core, LocalRecords local, Action<SyncServerChange, ObjectQLException> skipped)
{
    public async Task ApplyAsync(ObjectQLSession session, IReadOnlyList<SyncServerChange> changes, bool snapshot, CancellationToken cancellationToken)
    {
        var store = core.Store;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            if (HlcTimestamp.TryParse(change.Clock, out var clock))
            {
                await core.Clock.ReceiveAsync(clock, cancellationToken).ConfigureAwait(false);
            }
            if (core.ConfigOf(change.ObjectName) is not { Enabled: true })
            {
                continue;
            }
            seen.Add(SyncedRecord.KeyOf(change.ObjectName, change.RecordId));
            var held = await store.FindRecordAsync(session, change.ObjectName, change.RecordId, cancellationToken).ConfigureAwait(false);
            if (!snapshot && held is not null && change.ServerVersion <= held.Version)
            {
                continue;
            }
            try
            {
                await ApplyOneAsync(session, change, cancellationToken).ConfigureAwait(false);
            }
            // A value this client's schema cannot hold (an older app version) skips that change, never the page: a page
            // that can never apply would wedge every later pull. The copy keeps its older version of the record.
            catch (ObjectQLException exception) when (exception.Code is ErrorCodes.InvalidRequest or ErrorCodes.ValidationError)
            {
                skipped(change, exception);
            }
        }
        if (snapshot)
        {
            await SweepAsync(session, seen, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ApplyOneAsync(ObjectQLSession session, SyncServerChange change, CancellationToken cancellationToken)
    {
        var store = core.Store;
        switch (change.Operation)
        {
            case MutationOperation.Remove:
                await store.RemoveRecordAsync(session, change.ObjectName, change.RecordId, cancellationToken).ConfigureAwait(false);
                break;
            case MutationOperation.Delete:
                await store.PutRecordAsync(session, new SyncedRecord
                {
                    ObjectName = change.ObjectName, RecordId = change.RecordId, Version = change.ServerVersion, Clock = change.Clock, Deleted = true,
                }, cancellationToken).ConfigureAwait(false);
                break;
            default:
                await store.PutRecordAsync(session, new SyncedRecord
                {
                    ObjectName = change.ObjectName,
                    RecordId = change.RecordId,
                    Version = change.ServerVersion,
                    Clock = change.Clock,
                    FieldClocks = change.FieldClocks is null ? null : new(change.FieldClocks, StringComparer.Ordinal),
                    Image = RecordValues.Convert(core.Definition(change.ObjectName), change.Data ?? new Dictionary<string, System.Text.Json.JsonElement>()),
                }, cancellationToken).ConfigureAwait(false);
                break;
        }
        await local.RebaseAsync(session, change.ObjectName, change.RecordId, cancellationToken).ConfigureAwait(false);
    }

    // After a complete snapshot: records the copy held that the snapshot does not are gone for this client (mark and
    // sweep, RFC 5.3); pending local creates survive through the overlay.
    private async Task SweepAsync(ObjectQLSession session, HashSet<string> seen, CancellationToken cancellationToken)
    {
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
                    await core.Store.RemoveRecordAsync(session, objectName, record.RecordId, cancellationToken).ConfigureAwait(false);
                    await local.RebaseAsync(session, objectName, record.RecordId, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }
}
