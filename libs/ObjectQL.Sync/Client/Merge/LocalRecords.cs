using System.Text.Json;
using ObjectQL.Metadata;
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

    public static async Task WriteAsync(
        ObjectQLSession session, ObjectDefinition definition, string recordId, Dictionary<string, JsonElement>? values, CancellationToken cancellationToken)
    {
        var repository = session.WithOrigin(RemoteOrigin).Object(definition.Name);
        var current = await repository.FindOneAsync(recordId, cancellationToken).ConfigureAwait(false);
        if (values is null)
        {
            if (current is not null)
            {
                await repository.DeleteAsync(recordId, cancellationToken).ConfigureAwait(false);
            }
            return;
        }
        var wanted = RecordValues.ToRecord(definition, values);
        if (current is null)
        {
            wanted[SystemFields.Id] = recordId;
            await repository.CreateAsync(wanted, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (RecordValues.SameValues(definition, current, wanted))
        {
            return;
        }
        var patch = new Record();
        foreach (var field in definition.Fields)
        {
            if (!field.IsComputed && !Values.CanonicalValues.EqualityComparer.Equals(current[field.Name], wanted[field.Name]))
            {
                patch[field.Name] = wanted[field.Name];
            }
        }
        await repository.UpdateAsync(recordId, patch, cancellationToken).ConfigureAwait(false);
    }
}
