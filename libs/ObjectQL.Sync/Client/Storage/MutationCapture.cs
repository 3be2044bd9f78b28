using System.Text.Json;
using ObjectQL.Metadata;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Resolution;
using ObjectQL.Values;

namespace ObjectQL.Sync.Client.Storage;

// The before-commit handler: every change of a synced object that the client may push, from any write path, becomes a
// mutation log row in the same local transaction. Writes that apply pulled changes (WriteOrigin.AppliesRemoteChange)
// are not logged again.
internal sealed class MutationCapture(ClientCore core)
{
    public bool Captures(ChangeEvent change) =>
        change.Origin?.AppliesRemoteChange != true && core.ConfigOf(change.ObjectName) is { AcceptsPush: true };

    public async ValueTask OnBeforeCommitAsync(BeforeCommitContext context, CancellationToken cancellationToken)
    {
        if (!context.Changes.Any(Captures))
        {
            return;
        }
        var session = context.Session;
        using var ambient = StoreHlcStateStore.Ambient(session);
        await core.EnsureLoadedAsync(session, cancellationToken).ConfigureAwait(false);
        foreach (var change in context.Changes)
        {
            if (Captures(change))
            {
                await CaptureAsync(session, change, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task CaptureAsync(IPipelineSession session, ChangeEvent change, CancellationToken cancellationToken)
    {
        var definition = core.Definition(change.ObjectName);
        var (operation, data) = change.Operation switch
        {
            ChangeOperation.Create => (MutationOperation.Create, RecordValues.ToJson(definition, change.Data!)),
            ChangeOperation.Update => (MutationOperation.Update, Changed(definition, change.PreviousData, change.Data!)),
            _ => (MutationOperation.Delete, null),
        };
        if (operation == MutationOperation.Update && data!.Count == 0)
        {
            return;
        }
        var store = core.Store;
        var synced = await store.FindRecordAsync(session, change.ObjectName, change.Id, cancellationToken).ConfigureAwait(false);
        var clock = await core.Clock.NextAsync(cancellationToken).ConfigureAwait(false);
        var next = new LoggedMutation
        {
            Id = core.NewMutationId(),
            Sequence = 0,
            ObjectName = change.ObjectName,
            RecordId = change.Id,
            Operation = operation,
            Timestamp = core.Timestamp(),
            Clock = clock.ToString(),
            // Never predicted (RFC 10.2): the last version received, or 1 for a record whose create is still pending.
            BaseVersion = operation == MutationOperation.Create ? null : synced?.Version ?? 1,
            Data = data,
            BaseData = operation == MutationOperation.Update ? BaseData(synced, data!) : null,
            State = MutationStates.Pending,
        };
        var history = await store.MutationsOfAsync(session, change.ObjectName, change.Id, cancellationToken).ConfigureAwait(false);
        var (action, merged) = history.Count > 0 ? Coalescing.Merge(history[^1], next) : (CoalesceAction.Append, null);
        switch (action)
        {
            case CoalesceAction.Replace:
                await store.ReplaceMutationAsync(session, merged!, cancellationToken).ConfigureAwait(false);
                break;
            case CoalesceAction.Drop:
                await store.RemoveMutationAsync(session, history[^1].Id, cancellationToken).ConfigureAwait(false);
                break;
            default:
                var sequence = core.NextSequence();
                await store.AddMutationAsync(session, next with { Sequence = sequence }, cancellationToken).ConfigureAwait(false);
                await store.PutStateAsync(session, ClientStore.ClientRow, new Record { ["sequence"] = (double)sequence }, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private static Dictionary<string, JsonElement> Changed(ObjectDefinition definition, Record? before, Record after)
    {
        var changed = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var field in definition.Fields)
        {
            if (field.IsComputed || !after.TryGetValue(field.Name, out var value))
            {
                continue;
            }
            if (before is null || !CanonicalValues.EqualityComparer.Equals(before[field.Name], value))
            {
                changed[field.Name] = CanonicalValues.ToJsonElement(value);
            }
        }
        return changed;
    }

    // The changed fields' values in the synced copy: what the user edited (RFC 3.2 baseData), when the copy is known.
    private static Dictionary<string, JsonElement>? BaseData(SyncedRecord? synced, Dictionary<string, JsonElement> data)
    {
        if (synced?.Image is not { } image)
        {
            return null;
        }
        return data.Keys.ToDictionary(field => field, field => image.TryGetValue(field, out var value) ? value : JsonValues.Null, StringComparer.Ordinal);
    }
}
