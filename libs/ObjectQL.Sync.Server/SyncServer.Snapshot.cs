using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Sync.Clocks;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Server.Checkpoints;
using ObjectQL.Sync.Server.Handling;
using ObjectQL.Sync.Server.Storage;

namespace ObjectQL.Sync.Server;

public sealed partial class SyncServer
{
    /// <summary>The snapshot cursor of a checkpoint: <c>object\nlast id</c>; an empty object means the snapshot's start.</summary>
    private static class Snapshot
    {
        public const string Start = "\n";

        public static (string Object, string LastId) Parse(string cursor)
        {
            var split = cursor.IndexOf('\n', StringComparison.Ordinal);
            return split < 0 ? (string.Empty, string.Empty) : (cursor[..split], cursor[(split + 1)..]);
        }

        public static string Of(string objectName, string lastId) => objectName + "\n" + lastId;
    }

    // RFC 6.5: the current readable records of every pulled object as creates, parents before children, then by id;
    // when the last is sent the checkpoint continues from the log position the snapshot started at.
    private async Task<SyncCheckpoint> SnapshotAsync(ObjectQLSession session, SyncCheckpoint checkpoint, DeltaPage page, CancellationToken cancellationToken)
    {
        var (objectName, lastId) = Snapshot.Parse(checkpoint.SnapshotCursor!);
        var order = SnapshotOrder();
        var index = objectName.Length == 0 ? 0 : Math.Max(0, order.IndexOf(objectName));
        var rows = new SnapshotRows();
        for (; index < order.Count; index++, lastId = string.Empty)
        {
            var name = order[index];
            if (!Pulls(session.Context, name))
            {
                continue;
            }
            var config = _log.ConfigOf(name)!;
            while (true)
            {
                // One record beyond the page's room, so a page that fills knows whether the snapshot goes on (RFC 6.4:
                // hasMore is exact; a full last page is not followed by an empty one). A page that fills with the last
                // record read looks for one more here, in the objects left, and then (DeltaAsync) in the log.
                var records = await ReadOrNullAsync(session, name, new Query
                {
                    Where = lastId.Length == 0 ? null : new Filter.Comparison(SystemFields.Id, FilterOperator.Gt, lastId),
                    OrderBy = [new SortSpec(SystemFields.Id)],
                    Limit = page.Full ? 1 : page.MaxChanges - page.Changes.Count + 1,
                }, cancellationToken).ConfigureAwait(false);
                if (records is null || records.Count == 0)
                {
                    break;
                }
                if (page.Full)
                {
                    page.HasMore = true;
                    return checkpoint with { SnapshotCursor = Snapshot.Of(name, lastId) };
                }
                var states = await StatesAsync(session.AsSystem(), name, config.Strategy, records, cancellationToken).ConfigureAwait(false);
                foreach (var record in records)
                {
                    if (page.Full)
                    {
                        page.HasMore = true;
                        return checkpoint with { SnapshotCursor = Snapshot.Of(name, lastId) };
                    }
                    page.Add(SnapshotChange(config.Strategy, name, record, states.GetValueOrDefault(record.Id!), rows));
                    lastId = record.Id!;
                }
            }
        }
        return checkpoint with { SnapshotCursor = null, Ordinal = SyncCheckpoint.WholePosition };
    }

    private static readonly string NoClock = new HlcTimestamp(0, 0, "server").ToString();

    private SyncServerChange SnapshotChange(SyncStrategy strategy, string objectName, Record record, SnapshotState? state, SnapshotRows rows)
    {
        // The record's canonical text is the wire form: written once, never parsed on the server.
        var data = new RecordJsonText(rows.Json(record));
        var timestamp = rows.Timestamps.Of(record[SystemFields.UpdatedAt] as DateTimeOffset? ?? _log.Time.GetUtcNow());
        IReadOnlyDictionary<string, string>? fieldClocks = strategy == SyncStrategy.Crdt && state?.Fields is { } fields
            ? fields.Fields.Where(f => record.Contains(f.Key)).ToDictionary(f => f.Key, f => f.Value.Clock.ToString(), StringComparer.Ordinal)
            : null;
        return new SyncServerChange(objectName, record.Id!, MutationOperation.Create, RowValues.Long(record[SystemFields.Version]), timestamp, state?.Clock ?? NoClock, data, fieldClocks);
    }

    // A snapshot row's clocks: the record's clock as stored (its canonical text), and the field clocks only for crdt.
    private sealed record SnapshotState(string Clock, StoredState? Fields);

    // Only a crdt object's field clocks go on the wire; for the others the record's clock text is all that is read. The
    // page's records are in id order, so their clock rows are one range of the (record id, object) index: two arguments
    // and one index walk, where a list of the rows' keys took 500 arguments and as many probes.
    private static async Task<Dictionary<string, SnapshotState>> StatesAsync(
        IObjectQLSession system, string objectName, SyncStrategy strategy, IReadOnlyList<Record> records, CancellationToken cancellationToken)
    {
        var crdt = strategy == SyncStrategy.Crdt;
        var where = Filter.And.Of(
            new Filter.Comparison("object_name", FilterOperator.Eq, objectName),
            new Filter.Comparison("record_id", FilterOperator.Gte, records[0].Id!),
            new Filter.Comparison("record_id", FilterOperator.Lte, records[^1].Id!));
        var rows = await system.Object(SyncObjects.RecordState).FindAsync(new Query { Where = where, Fields = crdt ? null : ["record_id", "clock"] }, cancellationToken)
            .ConfigureAwait(false);
        var states = new Dictionary<string, SnapshotState>(rows.Count, StringComparer.Ordinal);
        foreach (var row in rows)
        {
            states[(string)row["record_id"]!] = new SnapshotState((string)row["clock"]!, crdt ? StoredState.FromRow(row) : null);
        }
        return states;
    }

    // Synced objects, each after the objects its lookups reference (a cycle falls back to name order).
    private List<string> SnapshotOrder()
    {
        var names = _log.Configs.Where(c => c.SendsChanges).Select(c => c.ObjectName).Order(StringComparer.Ordinal).ToList();
        var order = new List<string>(names.Count);
        var visiting = new HashSet<string>(StringComparer.Ordinal);
        void Visit(string name)
        {
            if (order.Contains(name) || !visiting.Add(name))
            {
                return;
            }
            foreach (var field in _log.ConfigOf(name)!.Definition!.Fields)
            {
                if (field.ReferenceTo is { } parent && names.Contains(parent))
                {
                    Visit(parent);
                }
            }
            order.Add(name);
        }
        foreach (var name in names)
        {
            Visit(name);
        }
        return order;
    }
}
