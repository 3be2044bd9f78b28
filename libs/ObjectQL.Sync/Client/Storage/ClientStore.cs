using System.Text.Json;
using ObjectQL.Querying;
using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Client.Storage;

// Reads and writes the client's system objects through a session of the caller's transaction. The rows of a pull (its
// staged pages, its synced copies) are the library's own, built here: they go to the driver in bulk inside the caller's
// transaction, without the per-record validation and stamping the pipeline gives rows that come from callers.
internal sealed partial class ClientStore(ObjectQLDatabase database)
{
    public const string ClientRow = "client";
    public const string HlcRow = "hlc";

    private static readonly SortSpec BySequence = new("sequence");

    // --- state ---

    public Task<Record?> FindStateAsync(IPipelineSession session, string row, CancellationToken cancellationToken) =>
        session.Object(ClientObjects.State).FindOneAsync(row, cancellationToken);

    // Updates the row, or creates it when the update found none: the row exists on every write but the first, and an
    // update by filter reads it once where a lookup before a keyed update read it twice (each read is a call to the
    // store, a message to the Worker in the browser).
    public async ValueTask PutStateAsync(IPipelineSession session, string row, Record values, CancellationToken cancellationToken)
    {
        var state = session.Object(ClientObjects.State);
        if (await state.UpdateManyAsync(Eq(Metadata.SystemFields.Id, row), values, cancellationToken).ConfigureAwait(false) == 0)
        {
            await CreateStateAsync(session, row, values, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task<Record> CreateStateAsync(IPipelineSession session, string row, Record values, CancellationToken cancellationToken)
    {
        var created = values.Clone();
        created[Metadata.SystemFields.Id] = row;
        return session.Object(ClientObjects.State).CreateAsync(created, cancellationToken);
    }

    // --- mutation log ---

    public async Task<LoggedMutation?> FindMutationAsync(IPipelineSession session, string id, CancellationToken cancellationToken) =>
        await session.Object(ClientObjects.Mutations).FindOneAsync(id, cancellationToken).ConfigureAwait(false) is { } row ? LoggedMutation.FromRow(row) : null;

    public async Task<IReadOnlyList<LoggedMutation>> MutationsOfAsync(IPipelineSession session, string objectName, string recordId, CancellationToken cancellationToken)
    {
        var where = Eq("object_name", objectName) & Eq("record_id", recordId);
        var rows = await session.Object(ClientObjects.Mutations).FindAsync(new Query { Where = where, OrderBy = [BySequence] }, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(LoggedMutation.FromRow)];
    }

    // The logged mutations of these records (of any object), in sequence order, in one query; keyed by SyncedRecord.KeyOf.
    public async Task<ILookup<string, LoggedMutation>> MutationsOfRecordsAsync(IPipelineSession session, IReadOnlyCollection<string> recordIds, CancellationToken cancellationToken)
    {
        if (recordIds.Count == 0)
        {
            return Array.Empty<LoggedMutation>().ToLookup(m => m.Id, StringComparer.Ordinal);
        }
        var where = new Filter.Comparison("record_id", FilterOperator.In, recordIds.ToArray());
        var mutations = await MutationsAsync(session, where, null, cancellationToken).ConfigureAwait(false);
        return mutations.ToLookup(m => SyncedRecord.KeyOf(m.ObjectName, m.RecordId), StringComparer.Ordinal);
    }

    public async Task<IReadOnlyList<LoggedMutation>> MutationsAsync(IPipelineSession session, Filter? where, int? limit, CancellationToken cancellationToken)
    {
        var rows = await session.Object(ClientObjects.Mutations).FindAsync(new Query { Where = where, OrderBy = [BySequence], Limit = limit }, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(LoggedMutation.FromRow)];
    }

    public Task<long> CountMutationsAsync(IPipelineSession session, Filter? where, CancellationToken cancellationToken) =>
        session.Object(ClientObjects.Mutations).CountAsync(where, cancellationToken);

    // Counts per object name, in one grouped query.
    public async Task<IReadOnlyDictionary<string, int>> CountMutationsByObjectAsync(IPipelineSession session, Filter? where, CancellationToken cancellationToken)
    {
        var rows = await session.Object(ClientObjects.Mutations).AggregateAsync(new Query
        {
            Where = where,
            GroupBy = ["object_name"],
            Aggregations = [new Aggregation(AggregateFunction.Count, null, "count")],
        }, cancellationToken).ConfigureAwait(false);
        return rows.ToDictionary(r => (string)r["object_name"]!, r => Convert.ToInt32(r["count"], System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal);
    }

    public Task<Record> AddMutationAsync(IPipelineSession session, LoggedMutation mutation, CancellationToken cancellationToken) =>
        session.Object(ClientObjects.Mutations).CreateAsync(mutation.ToRow(), cancellationToken);

    public Task<Record> ReplaceMutationAsync(IPipelineSession session, LoggedMutation mutation, CancellationToken cancellationToken)
    {
        var row = mutation.ToRow();
        row.Remove(Metadata.SystemFields.Id);
        return session.Object(ClientObjects.Mutations).UpdateAsync(mutation.Id, row, cancellationToken);
    }

    public Task<bool> RemoveMutationAsync(IPipelineSession session, string id, CancellationToken cancellationToken) =>
        session.Object(ClientObjects.Mutations).DeleteAsync(id, cancellationToken);

    public static Filter Eq(string field, object? value) => new Filter.Comparison(field, FilterOperator.Eq, value);

    public static Filter InState(string state) => Eq("state", state);

    // --- synced copy ---

    public async Task<SyncedRecord?> FindRecordAsync(IPipelineSession session, string objectName, string recordId, CancellationToken cancellationToken) =>
        await session.Object(ClientObjects.Records).FindOneAsync(SyncedRecord.KeyOf(objectName, recordId), cancellationToken).ConfigureAwait(false) is { } row
            ? SyncedRecord.FromRow(row)
            : null;

    public async Task PutRecordAsync(IPipelineSession session, SyncedRecord record, CancellationToken cancellationToken)
    {
        var records = session.Object(ClientObjects.Records);
        var key = SyncedRecord.KeyOf(record.ObjectName, record.RecordId);
        var row = record.ToRow();
        if (await records.FindOneAsync(key, cancellationToken).ConfigureAwait(false) is null)
        {
            await records.CreateAsync(row, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            row.Remove(Metadata.SystemFields.Id);
            await records.UpdateAsync(key, row, cancellationToken).ConfigureAwait(false);
        }
    }

    // The synced copies held for these keys, in one query.
    public async Task<Dictionary<string, SyncedRecord>> FindRecordsAsync(IPipelineSession session, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        var held = new Dictionary<string, SyncedRecord>(keys.Count, StringComparer.Ordinal);
        if (keys.Count == 0)
        {
            return held;
        }
        var where = new Filter.Comparison(Metadata.SystemFields.Id, FilterOperator.In, keys.ToArray());
        foreach (var row in await session.Object(ClientObjects.Records).FindAsync(new Query { Where = where }, cancellationToken).ConfigureAwait(false))
        {
            held[row.Id!] = SyncedRecord.FromRow(row);
        }
        return held;
    }

    // Writes the final state of many synced copies (null: removed) as one insert, one update and one delete batch, or,
    // where the store writes rows from JSON, as one upsert from JSON (newer versions only unless a snapshot replaces
    // them) and one delete batch; stored names the keys the store held before.
    public async Task PutRecordsAsync(
        IPipelineSession session, IReadOnlyDictionary<string, SyncedRecord?> records, IReadOnlySet<string> stored, bool snapshot, CancellationToken cancellationToken)
    {
        var definition = database.Model.Get(ClientObjects.Records);
        var driver = database.Driver;
        if (Drivers.DriverCapabilities.Get<Drivers.IJsonRowsDriver>(driver) is { } json && json.CanUpsertFromJson(definition))
        {
            await UpsertRecordsAsync(session, json, definition, records, stored, snapshot, cancellationToken).ConfigureAwait(false);
            return;
        }
        var created = new List<Record>();
        var updated = new List<Drivers.RecordChange>();
        var removed = new List<string>();
        foreach (var (key, record) in records)
        {
            if (record is null)
            {
                if (stored.Contains(key))
                {
                    removed.Add(key);
                }
                continue;
            }
            var row = record.ToRow();
            if (stored.Contains(key))
            {
                row.Remove(Metadata.SystemFields.Id);
                updated.Add(new Drivers.RecordChange(key, row));
            }
            else
            {
                created.Add(row);
            }
        }
        if (created.Count > 0)
        {
            await driver.InsertAsync(definition, created, session.Transaction, cancellationToken).ConfigureAwait(false);
        }
        if (updated.Count > 0)
        {
            await driver.UpdateAsync(definition, updated, session.Transaction, cancellationToken).ConfigureAwait(false);
        }
        if (removed.Count > 0)
        {
            await driver.DeleteAsync(definition, removed, session.Transaction, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task<bool> RemoveRecordAsync(IPipelineSession session, string objectName, string recordId, CancellationToken cancellationToken) =>
        session.Object(ClientObjects.Records).DeleteAsync(SyncedRecord.KeyOf(objectName, recordId), cancellationToken);

    public async Task<IReadOnlyList<SyncedRecord>> RecordsOfAsync(IPipelineSession session, string objectName, CancellationToken cancellationToken)
    {
        var rows = await session.Object(ClientObjects.Records).FindAsync(new Query { Where = Eq("object_name", objectName) }, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(SyncedRecord.FromRow)];
    }
}
