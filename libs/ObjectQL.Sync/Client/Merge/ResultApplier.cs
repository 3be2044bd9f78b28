using System.Text.Json;
using ObjectQL.Sync.Clocks;
using ObjectQL.Sync.Client.Storage;
using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Client.Merge;

// Applies the per-mutation results of a push (RFC 10.2, 10.6), matched by mutation id, inside the caller's transaction:
// applied mutations leave the log and move the synced copy; rejected and conflicting ones are parked.
internal sealed class ResultApplier(ClientCore core, LocalRecords local, Action<string, string, ObjectQLException> skipped)
{
    // Returns the conflicts that were parked by these results, for the application's callback.
    public async Task<IReadOnlyList<SyncMutationConflict>> ApplyAsync(ObjectQLSession session, IReadOnlyList<SyncMutationResult> results, CancellationToken cancellationToken)
    {
        var conflicts = new List<SyncMutationConflict>();
        foreach (var result in results)
        {
            // An unknown id was answered before (a replayed result of a mutation already removed): nothing to do.
            if (await core.Store.FindMutationAsync(session, result.MutationId, cancellationToken).ConfigureAwait(false) is not { } mutation)
            {
                continue;
            }
            try
            {
                await ApplyOneAsync(session, mutation, result, conflicts, cancellationToken).ConfigureAwait(false);
            }
            // A record this client's schema cannot hold must not fail the response: the server would replay the same
            // answer to every retry and the queue would wedge. The result still takes the mutation out of the queue
            // (applied) or parks it (conflict); only the copy of that record stays as it was.
            catch (ObjectQLException exception) when (exception.Code is ErrorCodes.InvalidRequest or ErrorCodes.ValidationError)
            {
                skipped(mutation.ObjectName, mutation.RecordId, exception);
            }
        }
        return conflicts;
    }

    private async Task ApplyOneAsync(
        ObjectQLSession session, LoggedMutation mutation, SyncMutationResult result, List<SyncMutationConflict> conflicts, CancellationToken cancellationToken)
    {
        switch (result)
        {
            case SyncMutationApplied applied:
                await core.Store.RemoveMutationAsync(session, mutation.Id, cancellationToken).ConfigureAwait(false);
                await AppliedAsync(session, mutation, applied, cancellationToken).ConfigureAwait(false);
                break;
            case SyncMutationConflict conflict:
                conflicts.Add(conflict);
                await ConflictAsync(session, mutation, conflict.Conflict, cancellationToken).ConfigureAwait(false);
                break;
            case SyncMutationRejected rejected:
                await core.Store.ReplaceMutationAsync(session, mutation with
                {
                    State = MutationStates.Parked,
                    Parked = new ParkedInfo(ParkedKind.Rejected, rejected.Code, rejected.Reason, rejected.Details),
                }, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private async Task AppliedAsync(ObjectQLSession session, LoggedMutation mutation, SyncMutationApplied applied, CancellationToken cancellationToken)
    {
        var store = core.Store;
        if (HlcTimestamp.TryParse(applied.Clock, out var clock))
        {
            await core.Clock.ReceiveAsync(clock, cancellationToken).ConfigureAwait(false);
        }
        if (applied.Outcome == ApplyOutcome.Expired)
        {
            return;
        }
        var held = await store.FindRecordAsync(session, mutation.ObjectName, mutation.RecordId, cancellationToken).ConfigureAwait(false);
        // A later server change of the record was applied already: the copy is newer than this answer.
        if (held is not null && held.Version > applied.ServerVersion)
        {
            await local.RebaseAsync(session, mutation.ObjectName, mutation.RecordId, cancellationToken).ConfigureAwait(false);
            return;
        }
        var deleted = applied.Outcome == ApplyOutcome.Deleted || (mutation.Operation == MutationOperation.Delete && applied.Outcome != ApplyOutcome.Superseded);
        var definition = core.Definition(mutation.ObjectName);
        var synced = new SyncedRecord
        {
            ObjectName = mutation.ObjectName,
            RecordId = mutation.RecordId,
            Version = applied.ServerVersion,
            Clock = applied.Clock,
            Deleted = deleted,
            FieldClocks = deleted ? null : FieldClocks(held, mutation, applied),
            Image = deleted ? null : applied.Record is { } record ? RecordValues.Convert(definition, record) : WithOwnValues(held?.Image, mutation.Data),
        };
        await store.PutRecordAsync(session, synced, cancellationToken).ConfigureAwait(false);
        await local.RebaseAsync(session, mutation.ObjectName, mutation.RecordId, cancellationToken).ConfigureAwait(false);
    }

    private async Task ConflictAsync(ObjectQLSession session, LoggedMutation mutation, SyncConflict conflict, CancellationToken cancellationToken)
    {
        var store = core.Store;
        await store.ReplaceMutationAsync(session, mutation with
        {
            State = MutationStates.Parked,
            Parked = new ParkedInfo(ParkedKind.Conflict, ErrorCodes.Conflict,
                $"'{conflict.ObjectName}' '{conflict.RecordId}' was changed on the server too: {string.Join(", ", conflict.ConflictingFields)}.", null, conflict),
        }, cancellationToken).ConfigureAwait(false);
        var held = await store.FindRecordAsync(session, mutation.ObjectName, mutation.RecordId, cancellationToken).ConfigureAwait(false);
        if (held is null || conflict.ServerVersion > held.Version)
        {
            // The conflict carries the server's record: the answer is written on it (RFC 9.5).
            await store.PutRecordAsync(session, new SyncedRecord
            {
                ObjectName = mutation.ObjectName,
                RecordId = mutation.RecordId,
                Version = conflict.ServerVersion,
                Clock = held?.Clock,
                FieldClocks = held?.FieldClocks,
                Image = RecordValues.Convert(core.Definition(mutation.ObjectName), conflict.ServerRecord),
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    // The server accepted the values as sent: the copy becomes the client's own values.
    private static Dictionary<string, JsonElement> WithOwnValues(Dictionary<string, JsonElement>? image, Dictionary<string, JsonElement>? data)
    {
        var values = new Dictionary<string, JsonElement>(image ?? [], StringComparer.Ordinal);
        foreach (var (field, value) in data ?? [])
        {
            values[field] = value;
        }
        return values;
    }

    private static Dictionary<string, string>? FieldClocks(SyncedRecord? held, LoggedMutation mutation, SyncMutationApplied applied)
    {
        var clocks = new Dictionary<string, string>(held?.FieldClocks ?? [], StringComparer.Ordinal);
        if (applied.FieldClocks is { } serverClocks)
        {
            foreach (var (field, clock) in serverClocks)
            {
                clocks[field] = clock;
            }
            return clocks;
        }
        foreach (var field in mutation.Data?.Keys ?? Enumerable.Empty<string>())
        {
            clocks[field] = applied.Clock;
        }
        return clocks.Count == 0 ? null : clocks;
    }
}
