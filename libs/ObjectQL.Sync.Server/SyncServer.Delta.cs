using System.Text.Json;
using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Server.Checkpoints;
using ObjectQL.Sync.Server.Handling;
using ObjectQL.Sync.Server.Storage;

namespace ObjectQL.Sync.Server;

public sealed partial class SyncServer
{
    // Mark records in what ReadableAsync returns: one that no longer exists, and one the caller reads as stored.
    private static readonly Record Gone = new();
    private static readonly Record Whole = new();

    private static readonly string[] IdOnly = [SystemFields.Id];

    private sealed record Delta(IReadOnlyList<SyncServerChange> Changes, string Checkpoint, bool HasMore, ResyncReason? ResyncReason);

    // RFC 5.2, 6: continue the caller's checkpoint, or start a snapshot (first sync, or a checkpoint that cannot go on).
    // own: the commits the request's push wrote, in commit order; client: the client's row as committed after the push
    // (null when not known); pageSize: the most changes of the page.
    private async Task<Delta> DeltaAsync(
        string clientId, ObjectQLContext caller, Decoded? decoded, IReadOnlyList<OwnCommit> own, ClientRow? client, int pageSize,
        CancellationToken cancellationToken)
    {
        var system = Database.System;
        // First, before anything of the log is read: what is read afterwards up to this position is complete (RFC 6.1).
        // After a push, its last commit read it with the commit row, its own transaction left out: every other
        // transaction at or below it had ended then, and the push's own have ended now, so it holds without a statement.
        var settled = (own.Count > 0 ? own[^1].SettledOnceEnded : null) ?? await _log.SettledAsync(cancellationToken).ConfigureAwait(false);
        var permissions = Epochs.Permissions(caller);
        var now = _log.Time.GetUtcNow();
        SyncCheckpoint checkpoint;
        ResyncReason? resync = null;
        var remembered = Volatile.Read(ref _changesPerCommit);
        CommitsAhead? ahead = null;
        if (decoded is null)
        {
            checkpoint = await SnapshotStartAsync(system, settled, permissions, now, cancellationToken).ConfigureAwait(false);
        }
        else if (decoded.Checkpoint is not { } sent)
        {
            resync = ResyncReason.Format;
            checkpoint = await SnapshotStartAsync(system, settled, permissions, now, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // The log's first round of commits, read from the checkpoint's position on: the first is the commit at the
            // position, whose tag tells a restored log, so the tag costs no statement of its own.
            ahead = sent.Position == 0 ? null : new CommitsAhead(sent.Position, await CommitsAsync(
                system, FilterOperator.Gte, sent.Position, settled, RoundSize(pageSize, remembered, inside: true) + 2 + OwnCommitsAfter(own, sent), cancellationToken)
                .ConfigureAwait(false));
            var tag = ahead is null ? 0u : ahead.TagAtFrom;
            // A commit found at the checkpoint's position with its tag is at or below the head; only a miss needs the head
            // (to tell a restored database from a pruned log).
            var head = tag == sent.PositionTag ? sent.Position : (await HeadAsync(system, settled, cancellationToken).ConfigureAwait(false)).Position;
            // How far retention pruned, read only when the commit at the checkpoint's position is not found with its tag:
            // pruning removes an unbroken run of the oldest commits and moves this mark in the same transaction, so a commit
            // that is still there lies above the mark, and the mark decides nothing (CheckpointCodec.Evaluate).
            var found = ahead is not null && tag == sent.PositionTag;
            var prunedThrough = found ? 0 : (await LogState.ReadOrCreateAsync(system, cancellationToken).ConfigureAwait(false)).PrunedThrough;
            resync = CheckpointCodec.Evaluate(sent, new CheckpointContext(
                _logEpoch, prunedThrough, head, tag, permissions, _schemaEpoch.Value, now, Options.Endpoint.ChangeLogRetention));
            checkpoint = resync is null ? sent : await SnapshotStartAsync(system, settled, permissions, now, cancellationToken).ConfigureAwait(false);
        }
        if (resync is { } reason)
        {
            _log.Metrics.Resyncs.Add(1, new KeyValuePair<string, object?>("reason", reason.ToString()));
            return new Delta([], _codec.Encode(checkpoint, clientId), true, reason);
        }
        var page = new DeltaPage(pageSize, Options.Endpoint.MaxChangeBytesPerResponse);
        var session = Database.WithContext(caller);
        if (checkpoint.SnapshotCursor is not null)
        {
            checkpoint = await SnapshotAsync(session, checkpoint, page, cancellationToken).ConfigureAwait(false);
        }
        if (checkpoint.SnapshotCursor is null && !page.Full)
        {
            var from = checkpoint;
            checkpoint = OnlyOwnCommitsSince(checkpoint, settled, own)
                ?? await LogAsync(session, clientId, checkpoint, settled, page, new LogStart(remembered, ahead, OwnDeletesAfter(client, checkpoint), OwnCommitsAfter(own, checkpoint)), cancellationToken)
                    .ConfigureAwait(false);
            if (await PrunedWhileReadAsync(system, from, page, now, cancellationToken).ConfigureAwait(false))
            {
                _log.Metrics.Resyncs.Add(1, new KeyValuePair<string, object?>("reason", nameof(ResyncReason.Retention)));
                var restart = await SnapshotStartAsync(system, settled, permissions, now, cancellationToken).ConfigureAwait(false);
                return new Delta([], _codec.Encode(restart, clientId), true, ResyncReason.Retention);
            }
        }
        else if (checkpoint.SnapshotCursor is null)
        {
            // The snapshot's last record filled the page: more waits only when the log holds a commit past the snapshot's
            // head that is not one of the request's own.
            if (OnlyOwnCommitsSince(checkpoint, settled, own) is { } past)
            {
                checkpoint = past;
            }
            else
            {
                page.HasMore = (await CommitsAsync(system, FilterOperator.Gt, checkpoint.Position, settled, 1, cancellationToken).ConfigureAwait(false)).Count > 0;
            }
        }
        _log.Metrics.Pages.Add(1);
        _log.Metrics.DeltaChanges.Add(page.Changes.Count);
        return new Delta(page.Changes, _codec.Encode(checkpoint with { IssuedAt = now, PermissionEpoch = permissions }, clientId), page.HasMore, null);
    }

    // Whether retention pruned the log under this page: a page reads which commits it covers and then their rows in
    // separate statements, so a prune committed between them would leave commits listed but without rows, and the page
    // would step over them without a word. Pruning removes a prefix of expired commits and records how far in the same
    // transaction, so reading that mark again after the rows tells it, evaluated as the checkpoint was at the start. Only
    // asked when the page read a commit older than half the retention window: younger ones cannot expire meanwhile, even
    // across instances whose clocks differ a little, so most pages pay no statement for it.
    private async Task<bool> PrunedWhileReadAsync(
        IObjectQLSession system, SyncCheckpoint from, DeltaPage page, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (page.OldestCommitRead is not { } oldest || now - oldest <= Options.Endpoint.ChangeLogRetention / 2)
        {
            return false;
        }
        var prunedThrough = (await LogState.ReadOrCreateAsync(system, cancellationToken).ConfigureAwait(false)).PrunedThrough;
        return from.Position < prunedThrough || (from.Position == prunedThrough && from.Ordinal != SyncCheckpoint.WholePosition);
    }

    private async Task<SyncCheckpoint> SnapshotStartAsync(IObjectQLSession system, long? settled, ulong permissions, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (head, tag) = await HeadAsync(system, settled, cancellationToken).ConfigureAwait(false);
        return new SyncCheckpoint(_logEpoch, head, SyncCheckpoint.WholePosition, now, tag, permissions, _schemaEpoch.Value, Snapshot.Start);
    }

    // The last committed position at or below the settled one, and its tag (RFC 6.1): every position below it has
    // ended. Without a settled position (serial positions) one statement suffices: each transaction took its position
    // only after the one before it had committed, so every position below a visible one is visible too.
    private async Task<(long Position, uint Tag)> HeadAsync(IObjectQLSession system, long? settled, CancellationToken cancellationToken)
    {
        var rows = await system.Object(SyncObjects.Commit).FindAsync(new Query
        {
            Where = UpTo(settled),
            Fields = ["position", "tag"],
            OrderBy = [new SortSpec("position", SortDirection.Descending)],
            Limit = 1,
        }, cancellationToken).ConfigureAwait(false);
        var head = rows.Count == 0 ? (0L, 0u) : (RowValues.Long(rows[0]["position"]), (uint)RowValues.Long(rows[0]["tag"]));
        _log.Metrics.SawHead(head.Item1);
        return head;
    }

    // Whether a delete of the caller's own may follow rows after the checkpoint: the client's last commit with one is
    // past it, or is the commit the checkpoint stops inside of; unknown (no client row, a batch-only store) counts as may.
    private static bool OwnDeletesAfter(ClientRow? client, SyncCheckpoint checkpoint) =>
        client is not { DeletedThrough: var through }
        || through > checkpoint.Position
        || (through == checkpoint.Position && checkpoint.Ordinal != SyncCheckpoint.WholePosition);

    // What the caller may read now of the records these rows name, through its own pipeline (record rules, field masks):
    // the caller's record, Whole when that is the stored record (CallerView: then only ids are asked for, read as typed
    // rows), Gone when the record no longer exists or the caller may not read the object at all; an existing record the
    // caller may not read is not in the map. ownDeletesAfter: whether a delete of the caller's own may follow the rows.
    private async Task<Dictionary<(string Object, string Id), Record>> ReadableAsync(
        ObjectQLSession session, List<ChangeRow> rows, Dictionary<string, CallerView> views, bool ownDeletesAfter, CancellationToken cancellationToken)
    {
        var readable = new Dictionary<(string, string), Record>(rows.Count);
        var idsByObject = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var seen = new HashSet<(string, string)>(rows.Count);
        foreach (var row in rows)
        {
            var (objectName, recordId) = (row.ObjectName, row.RecordId);
            if (seen.Add((objectName, recordId)) && Pulls(session.Context, objectName))
            {
                if (!idsByObject.TryGetValue(objectName, out var ids))
                {
                    idsByObject[objectName] = ids = [];
                }
                ids.Add(recordId);
            }
        }
        foreach (var (objectName, allIds) in idsByObject)
        {
            var view = ViewOf(views, objectName, session.Context);
            if (view.EveryRecord && !ownDeletesAfter)
            {
                ExistingAsStored(readable, rows, objectName);
                continue;
            }
            foreach (var ids in allIds.Chunk(500))
            {
                var where = new Filter.Comparison(SystemFields.Id, FilterOperator.In, ids);
                int found;
                if (view.Whole)
                {
                    var visible = await VisibleIdsOrNullAsync(session, objectName, new Query { Where = where, Fields = IdOnly }, cancellationToken).ConfigureAwait(false);
                    if (visible is not null)
                    {
                        foreach (var id in visible)
                        {
                            readable[(objectName, id.Id)] = Whole;
                        }
                    }
                    found = visible?.Count ?? -1;
                }
                else
                {
                    var records = await ReadOrNullAsync(session, objectName, new Query { Where = where }, cancellationToken).ConfigureAwait(false);
                    if (records is not null)
                    {
                        foreach (var record in records)
                        {
                            readable[(objectName, record.Id!)] = record;
                        }
                    }
                    found = records?.Count ?? -1;
                }
                if (found < 0)
                {
                    // The caller may not read the object at all: none of its rows is sent, not even as a remove.
                    foreach (var id in ids)
                    {
                        readable[(objectName, id)] = Gone;
                    }
                    continue;
                }
                if (found < ids.Length)
                {
                    // Records deleted since: their earlier rows are skipped, the delete row that follows says it all.
                    var existing = await session.AsSystem().Object(objectName).FindAsync(new Query { Where = where, Fields = IdOnly }, cancellationToken)
                        .ConfigureAwait(false);
                    foreach (var id in ids.Except(existing.Select(r => r.Id!), StringComparer.Ordinal))
                    {
                        readable[(objectName, id)] = Gone;
                    }
                }
            }
        }
        return readable;
    }

    // For a caller that reads every record of the object as stored, the store could only tell which records still exist.
    // That matters for a record deleted since by the caller itself: its delete is an echo and never sent, so an earlier
    // row would bring the record back. With no delete of its own after the checkpoint (OwnDeletesAfter), the store is not
    // asked: a record another deleted since has its delete row later in the log, sent to the caller, and only the rows
    // that precede a delete of the record among these rows are skipped (the last row of the record here is a delete).
    private static void ExistingAsStored(Dictionary<(string, string), Record> readable, List<ChangeRow> rows, string objectName)
    {
        foreach (var row in rows)
        {
            if (string.Equals(row.ObjectName, objectName, StringComparison.Ordinal))
            {
                readable[(objectName, row.RecordId)] = row.Operation == "delete" ? Gone : Whole;
            }
        }
    }

    private CallerView ViewOf(Dictionary<string, CallerView> views, string objectName, ObjectQLContext caller)
    {
        if (!views.TryGetValue(objectName, out var view))
        {
            views[objectName] = view = CallerView.Of(Database, _log.ConfigOf(objectName)!.Definition!, caller);
        }
        return view;
    }

    // The records the caller's pipeline returns, or null when it may not read the object at all.
    private static async Task<IReadOnlyList<Record>?> ReadOrNullAsync(ObjectQLSession session, string objectName, Query query, CancellationToken cancellationToken)
    {
        try
        {
            return await session.Object(objectName).FindAsync(query, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectQLException refused) when (refused.Code == ErrorCodes.Forbidden)
        {
            return null;
        }
    }

    // The ids the caller's pipeline lets it read, or null when it may not read the object at all.
    private static async Task<IReadOnlyList<VisibleId>?> VisibleIdsOrNullAsync(ObjectQLSession session, string objectName, Query query, CancellationToken cancellationToken)
    {
        try
        {
            return await session.Object(objectName).Entities.FindAsync<VisibleId>(query, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectQLException refused) when (refused.Code == ErrorCodes.Forbidden)
        {
            return null;
        }
    }

    // True when the caller pulls this object at all (RFC 8, 9.6): synced, not push-only, permission-configured or opted in.
    private bool Pulls(ObjectQLContext caller, string objectName) =>
        _log.ConfigOf(objectName) is { SendsChanges: true } config
        && (caller.IsSystem || config.Definition!.Permissions is not null || Options.SyncObjectsWithoutPermissions);

    // What one pull keeps across its rows: the caller's view per object, a scratch set for the post-image check, and the
    // last commit time's text.
    private sealed class PullScratch(ObjectQLContext caller)
    {
        public ObjectQLContext Caller { get; } = caller;

        public Dictionary<string, CallerView> Views { get; } = new(StringComparer.Ordinal);

        public HashSet<string> ViewFields { get; } = new(StringComparer.Ordinal);

        public WireTimestamps Timestamps { get; } = new();
    }

    // A record the caller cannot read now arrives as remove (it left the view), or not at all when it was created unseen.
    private SyncServerChange? ToChange(ChangeRow row, DateTimeOffset committedAt, Dictionary<(string Object, string Id), Record> readable, PullScratch scratch)
    {
        var objectName = row.ObjectName;
        if (!Pulls(scratch.Caller, objectName))
        {
            return null;
        }
        var config = _log.ConfigOf(objectName)!;
        var recordId = row.RecordId;
        var operation = row.Operation switch
        {
            "create" => MutationOperation.Create,
            "update" => MutationOperation.Update,
            _ => MutationOperation.Delete,
        };
        var version = row.RecordVersion;
        var timestamp = scratch.Timestamps.Of(committedAt);
        var clock = row.Clock;
        if (operation == MutationOperation.Delete)
        {
            return new SyncServerChange(objectName, recordId, operation, version, timestamp, clock);
        }
        if (!readable.TryGetValue((objectName, recordId), out var view))
        {
            return operation == MutationOperation.Create ? null : new SyncServerChange(objectName, recordId, MutationOperation.Remove, version, timestamp, clock);
        }
        if (ReferenceEquals(view, Gone))
        {
            return null;
        }
        if (ReferenceEquals(view, Whole) && row.SentWhole is { } sent)
        {
            // A caller that reads the object whole is sent what the first such caller was (below).
            return sent.Change;
        }
        var fields = ReferenceEquals(view, Whole) ? scratch.Views[objectName].StoredFields : PostImages.FieldsOf(view, scratch.ViewFields);
        var stored = row.Data!;
        if (config.Strategy != SyncStrategy.Crdt && PostImages.WithinView(stored, fields))
        {
            // The caller reads every field the post-image holds: the stored canonical text is the wire form as it is.
            var asStored = new SyncServerChange(objectName, recordId, operation, version, timestamp, clock, new RecordJsonText(stored));
            if (row.Kept && ReferenceEquals(view, Whole))
            {
                // The same for every caller that reads the object whole: the post-image checked and the change written once.
                row.SentWhole = new SentChange(asStored, SyncJson.Write(asStored, SyncJsonContext.Default.SyncServerChange));
            }
            return asStored;
        }
        // Members in ordinal order: parsed once, masked by what the caller's pipeline returned, and written on in that order.
        var data = new Dictionary<string, JsonElement>(fields.Count, StringComparer.Ordinal);
        var reader = new Utf8JsonReader(stored);
        foreach (var member in JsonElement.ParseValue(ref reader).EnumerateObject())
        {
            if (fields.Contains(member.Name))
            {
                data[member.Name] = member.Value;
            }
        }
        IReadOnlyDictionary<string, string>? fieldClocks = null;
        if (config.Strategy == SyncStrategy.Crdt && row.FieldClocks is { } clocks)
        {
            var readableClocks = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var member in RowValues.Parse(clocks).EnumerateObject())
            {
                if (data.ContainsKey(member.Name))
                {
                    readableClocks[member.Name] = member.Value.GetString()!;
                }
            }
            fieldClocks = readableClocks;
        }
        return new SyncServerChange(objectName, recordId, operation, version, timestamp, clock, data, fieldClocks);
    }
}
