using ObjectQL.Sync.Client.Storage;
using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Client.Merge;

// A record whose synced copy was just written (Synced: its new state, null when removed), to be rebased; Change is the
// pulled change that wrote it, reported when its local write cannot be made (null for a record a resync swept away);
// Values, when known, is the synced image converted to the local row's values (what the row shows without local edits).
internal sealed record RebasedRecord(string ObjectName, string RecordId, SyncedRecord? Synced, SyncServerChange? Change)
{
    public string Key { get; } = SyncedRecord.KeyOf(ObjectName, RecordId);

    public Record? Values { get; init; }
}
