using System.Text.Json;
using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Sync.Client.Storage;

namespace ObjectQL.Sync.Client.Merge;

// Writes what the application sees of a record into its own table, through a session whose origin says the write
// applies remote state, so the mutation log does not capture it again.
internal sealed class LocalRecords(ClientCore core)
{
    public static readonly WriteOrigin RemoteOrigin = new() { AppliesRemoteChange = true };

    // Recomputes the record from the synced copy and the pending overlay and writes it when it differs.
    public async Task RebaseAsync(ObjectQLSession session, string objectName, string recordId, CancellationToken cancellationToken)
    {
        var store = core.Store;
        var synced = await store.FindRecordAsync(session, objectName, recordId, cancellationToken).ConfigureAwait(false);
        var pending = await store.MutationsOfAsync(session, objectName, recordId, cancellationToken).ConfigureAwait(false);
        var strategy = core.ConfigOf(objectName)?.Strategy ?? SyncStrategy.LastWriteWins;
        await WriteAsync(session, core.Definition(objectName), recordId, Overlay.Display(strategy, synced, pending), cancellationToken).ConfigureAwait(false);
    }

    // RebaseAsync for many records whose synced copies were just written: the pending mutations of all of them in one
    // query, the local rows of each object in one, and each object's writes as one create, one update and one delete
    // batch. Most pulled records have no pending mutation and show their synced copy as it is.
    public async Task RebaseManyAsync(ObjectQLSession session, IReadOnlyList<RebasedRecord> records, CancellationToken cancellationToken)
    {
        var recordIds = records.Select(r => r.RecordId).ToHashSet(StringComparer.Ordinal);
        var pending = await core.Store.MutationsOfRecordsAsync(session, recordIds, cancellationToken).ConfigureAwait(false);
        foreach (var group in records.GroupBy(r => r.ObjectName, StringComparer.Ordinal))
        {
            var definition = core.Definition(group.Key);
            var strategy = core.ConfigOf(group.Key)?.Strategy ?? SyncStrategy.LastWriteWins;
            var repository = session.WithOrigin(RemoteOrigin).Object(group.Key);
            var ids = group.Select(r => r.RecordId).ToArray();
            var rows = await repository.FindAsync(new Query { Where = new Filter.Comparison(SystemFields.Id, FilterOperator.In, ids) }, cancellationToken).ConfigureAwait(false);
            var current = rows.ToDictionary(r => r.Id!, StringComparer.Ordinal);
            var writes = new LocalWrites(definition);
            using var creates = SetBasedCreates.For(repository);
            foreach (var record in group)
            {
                var row = current.GetValueOrDefault(record.RecordId);
                var edits = pending[record.Key];
                if (record.Values is { } values && !edits.Any())
                {
                    if (row is not null || creates is null || !creates.TryAdd(record, values))
                    {
                        writes.Add(record.RecordId, row, values);
                    }
                }
                else
                {
                    writes.Add(record.RecordId, row, Overlay.Display(strategy, record.Synced, [.. edits]));
                }
            }
            if (creates is not null)
            {
                // What the store did not take (a value a field rule refuses) goes through the pipeline, which says why.
                foreach (var (recordId, values) in await creates.RunAsync(cancellationToken).ConfigureAwait(false))
                {
                    writes.Add(recordId, null, values);
                }
            }
            await writes.RunAsync(repository, cancellationToken).ConfigureAwait(false);
        }
    }

    public static async Task WriteAsync(
        ObjectQLSession session, ObjectDefinition definition, string recordId, Dictionary<string, JsonElement>? values, CancellationToken cancellationToken)
    {
        var repository = session.WithOrigin(RemoteOrigin).Object(definition.Name);
        var writes = new LocalWrites(definition);
        writes.Add(recordId, await repository.FindOneAsync(recordId, cancellationToken).ConfigureAwait(false), values);
        await writes.RunAsync(repository, cancellationToken).ConfigureAwait(false);
    }
}
