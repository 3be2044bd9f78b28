using System.Text.Json;
using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Server.Storage;

namespace ObjectQL.Sync.Server.Handling;

/// <summary>What a mutation reads before it resolves, taken for a whole chunk at once.</summary>
/// <param name="Stored">The stored record as the system context sees it; null when there is none.</param>
/// <param name="State">Its clocks; null when it has none.</param>
/// <param name="Readable">Whether the caller may read <paramref name="Stored"/>.</param>
/// <param name="BaseImage">The record's values at the mutation's base version, from the log; null when pruned or not asked.</param>
internal sealed record PrefetchedRecord(Record? Stored, StoredState? State, bool Readable, IReadOnlyDictionary<string, JsonElement>? BaseImage)
{
    /// <summary>A record with no row, no clock row and no base image (every create's): one instance serves them all.</summary>
    public static PrefetchedRecord Absent { get; } = new(null, null, false, null);
}

/// <summary>
/// The reads of a chunk's mutations in one statement per object and kind (stored records, their clocks, which of them
/// the caller may read, base images), instead of three to four statements per mutation. An entry answers only while
/// nothing in the transaction has written its record since the reads: every record a change event of the transaction
/// names, and every record a mutation touched, is read again by its mutation as if nothing had been prefetched. A
/// failed batch read leaves its entries out, and those mutations read for themselves (with their own errors).
/// </summary>
/// <remarks>
/// A record whose first mutation in the chunk is a create is, unless every record is to be read, taken as absent without
/// a read (<see cref="AbsentRecords"/>): the store's unique keys, and <see cref="AbsentRecords.CheckAsync"/>, tell when
/// it was not.
/// </remarks>
internal sealed class ChunkReads
{
    // Well below every store's bound-parameter limit (SQLite 32,766; PostgreSQL 65,535), and one index probe each.
    private const int MaxKeysPerStatement = 500;

    private readonly Dictionary<(string Object, string Record), PrefetchedRecord> _records = [];
    private readonly HashSet<(string Object, string Record)> _written = [];
    private readonly ObjectQLSession _session;
    private int _scanned;

    private ChunkReads(ObjectQLSession session, int scanned)
    {
        _session = session;
        _scanned = scanned;
    }

    /// <summary>The records taken as absent without a read.</summary>
    public AbsentRecords Absent { get; } = new();

    /// <summary>
    /// Reads what <paramref name="mutations"/> will need, in the caller's transaction <paramref name="session"/>; with
    /// <paramref name="readEvery"/> false, a record whose first mutation here is a create is taken as absent instead.
    /// </summary>
    public static async Task<ChunkReads> LoadAsync(
        ChangeLog log, ObjectQLSession session, IEnumerable<MutationLogEntry> mutations, bool readEvery, CancellationToken cancellationToken)
    {
        var reads = new ChunkReads(session, session.TransactionChangeCount);
        var system = session.AsSystem();
        foreach (var group in mutations.GroupBy(m => m.ObjectName, StringComparer.Ordinal))
        {
            if (log.Database.Model.Find(group.Key) is not { IsSystem: false } definition)
            {
                continue;
            }
            var ids = readEvery ? group.Select(m => m.RecordId).Distinct(StringComparer.Ordinal).ToArray() : reads.Absent.TakeCreates(definition.Name, group);
            if (ids.Length == 0)
            {
                continue;
            }
            var stored = await TryFindAsync(system.Object(definition.Name), ids, cancellationToken).ConfigureAwait(false);
            if (stored is null)
            {
                continue;
            }
            // The system context reads clock rows by keys of plain characters or hex: nothing there to refuse.
            var states = await StoredState.FindAsync(system, definition.Name, ids, cancellationToken).ConfigureAwait(false);
            var readable = stored.Count == 0 ? new HashSet<string>(StringComparer.Ordinal)
                : await TryFindReadableAsync(log.Database, session, definition, stored.Keys.ToArray(), cancellationToken).ConfigureAwait(false);
            if (readable is null)
            {
                continue;
            }
            // The applier reads a base image when the record exists, as a row or as a tombstone (its clocks).
            bool Exists(string id) => stored.ContainsKey(id) || states.GetValueOrDefault(id) is { DeletedClock: not null };
            var images = await BaseImagesAsync(system, definition, group.Where(m => m.BaseVersion is not null && Exists(m.RecordId)), cancellationToken)
                .ConfigureAwait(false);
            reads._records.EnsureCapacity(reads._records.Count + ids.Length);
            foreach (var mutation in group)
            {
                if (reads.Absent.Contains(definition.Name, mutation.RecordId))
                {
                    continue;
                }
                var row = stored.GetValueOrDefault(mutation.RecordId);
                var image = mutation.BaseVersion is { } version ? images.GetValueOrDefault((mutation.RecordId, version)) : null;
                var state = states.GetValueOrDefault(mutation.RecordId);
                reads._records[(definition.Name, mutation.RecordId)] = row is null && state is null && image is null
                    ? PrefetchedRecord.Absent
                    : new PrefetchedRecord(row, state, row is not null && readable.Contains(mutation.RecordId), image);
            }
        }
        return reads;
    }

    /// <summary>The prefetched reads of a record, unless something in the transaction wrote it since.</summary>
    public bool TryGet(string objectName, string recordId, out PrefetchedRecord record)
    {
        var count = _session.TransactionChangeCount;
        // A savepoint that rolled back dropped events; the records they named stay in _written (read again, never stale).
        if (count < _scanned)
        {
            _scanned = count;
        }
        foreach (var change in _session.TransactionChangesFrom(_scanned))
        {
            _written.Add((change.ObjectName, change.Id));
        }
        _scanned = count;
        record = null!;
        if (_written.Contains((objectName, recordId)))
        {
            return false;
        }
        if (Absent.Contains(objectName, recordId))
        {
            record = PrefetchedRecord.Absent;
            return true;
        }
        return _records.TryGetValue((objectName, recordId), out record!);
    }

    /// <summary>Marks a record a mutation handled (also when it wrote only its clocks, which raise no change event).</summary>
    public void Touch(string objectName, string recordId) => _written.Add((objectName, recordId));

    /// <summary>The records with these ids that <paramref name="records"/> returns, by id, in statements of at most 500 ids.</summary>
    public static async Task<Dictionary<string, Record>> FindByIdAsync(IObjectRepository records, string[] ids, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, Record>(ids.Length, StringComparer.Ordinal);
        foreach (var chunk in ids.Chunk(MaxKeysPerStatement))
        {
            var rows = await records.FindAsync(new Query { Where = new Filter.Comparison(SystemFields.Id, FilterOperator.In, chunk), Limit = chunk.Length }, cancellationToken)
                .ConfigureAwait(false);
            foreach (var row in rows)
            {
                found[row.Id!] = row;
            }
        }
        return found;
    }

    // The ids of these records the caller may read; null as with TryFindAsync. Whether the caller's find returns a record
    // does not depend on which fields it may read, so without a find hook (which could change what a find returns) the
    // caller's pipeline is asked only for the ids (record rules, tenant), as a pull's visibility check asks (VisibleId),
    // instead of reading every record a second time in full.
    private static async Task<HashSet<string>?> TryFindReadableAsync(
        ObjectQLDatabase database, ObjectQLSession session, ObjectDefinition definition, string[] ids, CancellationToken cancellationToken)
    {
        var readable = new HashSet<string>(ids.Length, StringComparer.Ordinal);
        if (database.Hooks.Any(HookOperation.Find, definition.Name))
        {
            if (await TryFindAsync(session.Object(definition.Name), ids, cancellationToken).ConfigureAwait(false) is not { } records)
            {
                return null;
            }
            readable.UnionWith(records.Keys);
            return readable;
        }
        try
        {
            foreach (var chunk in ids.Chunk(MaxKeysPerStatement))
            {
                var query = new Query { Where = new Filter.Comparison(SystemFields.Id, FilterOperator.In, chunk), Fields = IdOnly, Limit = chunk.Length };
                foreach (var visible in await session.Object(definition.Name).Entities.FindAsync<VisibleId>(query, cancellationToken).ConfigureAwait(false))
                {
                    readable.Add(visible.Id);
                }
            }
            return readable;
        }
        catch (ObjectQLException refused) when (refused.Code is not ErrorCodes.DatabaseError and not ErrorCodes.InternalError)
        {
            return null;
        }
    }

    private static readonly string[] IdOnly = [SystemFields.Id];

    // Null when the caller may not read the object at all or an id is refused, so each mutation reads for itself and meets
    // its own error. A store error is not caught: on PostgreSQL it has aborted the transaction, which must fail as a whole.
    private static async Task<Dictionary<string, Record>?> TryFindAsync(IObjectRepository records, string[] ids, CancellationToken cancellationToken)
    {
        try
        {
            return await FindByIdAsync(records, ids, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectQLException refused) when (refused.Code is not ErrorCodes.DatabaseError and not ErrorCodes.InternalError)
        {
            return null;
        }
    }

    // The records' values at their base versions (RFC 9.1): one statement for the object, filtered to the pairs asked.
    private static async Task<Dictionary<(string Record, long Version), IReadOnlyDictionary<string, JsonElement>?>> BaseImagesAsync(
        IObjectQLSession system, ObjectDefinition definition, IEnumerable<MutationLogEntry> mutations, CancellationToken cancellationToken)
    {
        var images = new Dictionary<(string, long), IReadOnlyDictionary<string, JsonElement>?>();
        foreach (var chunk in mutations.Chunk(MaxKeysPerStatement / 2))
        {
            var wanted = chunk.Select(m => (m.RecordId, m.BaseVersion!.Value)).ToHashSet();
            foreach (var pair in wanted)
            {
                images[pair] = null;
            }
            var rows = await system.Object(SyncObjects.Change).FindAsync(new Query
            {
                Where = Filter.And.Of(
                    new Filter.Comparison("object_name", FilterOperator.Eq, definition.Name),
                    new Filter.Comparison("record_id", FilterOperator.In, wanted.Select(w => w.RecordId).Distinct(StringComparer.Ordinal).ToArray()),
                    new Filter.Comparison("version", FilterOperator.In, wanted.Select(w => (object)(double)w.Value).Distinct().ToArray())),
                Fields = ["record_id", "version", "data"],
            }, cancellationToken).ConfigureAwait(false);
            foreach (var row in rows)
            {
                var key = ((string)row["record_id"]!, RowValues.Long(row["version"]));
                if (wanted.Contains(key) && images[key] is null)
                {
                    images[key] = MutationApplier.BaseImage(definition, row["data"] as string);
                }
            }
        }
        return images;
    }
}
