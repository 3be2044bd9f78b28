using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Server.Storage;

namespace ObjectQL.Sync.Server.Handling;

/// <summary>
/// The records of a chunk taken as absent without a read: those whose first mutation in the chunk is a create (of an id
/// the pipeline takes), the common case of a new record, where the reads of its row and its clock row find nothing yet
/// cost an index probe each. When a record was there after all, the chunk rolls back and runs again reading every record
/// (<see cref="RecordNotAbsentException"/>, SyncServer.Push.cs), so every answer is the one the reads would have given:
/// <list type="bullet">
/// <item>a create that wrote its record met the data table's primary key (a live row) and, at commit, the clock rows'
/// unique index (a tombstone, or a clock row without data);</item>
/// <item>a later mutation of the record in the chunk reads the record (the create's write) and must find no clock row
/// (the create's is written at commit): one it finds was there before (<see cref="MutationApplier"/>);</item>
/// <item>a create that wrote nothing (rejected, or answered without a write) met no key: <see cref="CheckAsync"/> reads
/// those records, one statement per object and kind;</item>
/// <item>a write of the record by anything but the push's own mutations of it (a hook's) takes its clocks from the store
/// where no key is met: <see cref="CheckAsync"/> refuses it.</item>
/// </list>
/// </summary>
internal sealed class AbsentRecords
{
    // By object and record, the id of the create that took its record as absent.
    private readonly Dictionary<(string Object, string Record), string> _creates = [];

    /// <summary>
    /// Takes as absent every record of <paramref name="objectName"/> whose first of <paramref name="mutations"/> is a
    /// create; returns the ids of the others, which are to be read.
    /// </summary>
    public string[] TakeCreates(string objectName, IEnumerable<MutationLogEntry> mutations)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var toRead = new List<string>();
        foreach (var mutation in mutations)
        {
            if (!seen.Add(mutation.RecordId))
            {
                continue;
            }
            // An id the pipeline refuses is read, so its mutation meets the read's error as before.
            if (mutation.Operation == MutationOperation.Create && StoredState.IsRowId(mutation.RecordId))
            {
                _creates[(objectName, mutation.RecordId)] = mutation.Id;
            }
            else
            {
                toRead.Add(mutation.RecordId);
            }
        }
        return toRead.ToArray();
    }

    public bool Contains(string objectName, string recordId) => _creates.Count > 0 && _creates.ContainsKey((objectName, recordId));

    /// <summary>
    /// Before the chunk commits: throws <see cref="RecordNotAbsentException"/> when a record taken as absent was written
    /// by anything but the push's own mutations of it (<paramref name="scope"/>), or when one whose create wrote nothing
    /// has a row or a clock row.
    /// </summary>
    public async Task CheckAsync(ObjectQLSession session, PushScope scope, CancellationToken cancellationToken)
    {
        if (_creates.Count == 0)
        {
            return;
        }
        var written = new HashSet<(string Object, string Record)>();
        foreach (var change in session.TransactionChangesFrom(0))
        {
            var key = (change.ObjectName, change.Id);
            if (!_creates.TryGetValue(key, out var createId))
            {
                continue;
            }
            if (change.Origin?.MutationId is not { } mutationId || !scope.TryGet(change.ObjectName, change.Id, mutationId, out _))
            {
                throw new RecordNotAbsentException(change.ObjectName, change.Id);
            }
            if (mutationId == createId)
            {
                written.Add(key);
            }
        }
        if (written.Count == _creates.Count)
        {
            return;
        }
        var system = session.AsSystem();
        foreach (var group in _creates.Keys.Where(k => !written.Contains(k)).GroupBy(k => k.Object, StringComparer.Ordinal))
        {
            var ids = group.Select(k => k.Record).ToArray();
            // A row, else a clock row (a tombstone): the second read only when the first finds nothing.
            var stored = (await ChunkReads.FindByIdAsync(system.Object(group.Key), ids, cancellationToken).ConfigureAwait(false)).Keys.FirstOrDefault()
                ?? (await StoredState.FindAsync(system, group.Key, ids, cancellationToken).ConfigureAwait(false)).Keys.FirstOrDefault();
            if (stored is not null)
            {
                throw new RecordNotAbsentException(group.Key, stored);
            }
        }
    }
}
