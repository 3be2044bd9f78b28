using ObjectQL.Sync.Client.Storage;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Resolution;

namespace ObjectQL.Sync.Client;

public sealed partial class SyncClient
{
    /// <summary>
    /// Answers a parked conflict or rejection with <paramref name="patch"/>, written on top of the server's record and
    /// pushed as a new mutation on the server's version (RFC 9.5). The parked mutation and the edits of the same record
    /// held behind it are replaced by the answer. Throws <see cref="ErrorCodes.NotFound"/> when no parked mutation has
    /// this id.
    /// </summary>
    public async Task ResolveAsync(string mutationId, Record patch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mutationId);
        ArgumentNullException.ThrowIfNull(patch);
        await _core.Database.System.TransactionAsync(async (session, ct) =>
        {
            using var ambient = StoreHlcStateStore.Ambient(session);
            var parked = await DropParkedAsync(session, mutationId, ct).ConfigureAwait(false);
            var definition = _core.Definition(parked.ObjectName);
            var synced = await _core.Store.FindRecordAsync(session, parked.ObjectName, parked.RecordId, ct).ConfigureAwait(false);
            var data = Storage.RecordValues.ToJson(definition, patch);
            if (data.Count > 0)
            {
                var clock = await _core.Clock.NextAsync(ct).ConfigureAwait(false);
                var exists = synced is { Deleted: false };
                await _core.Store.AddMutationAsync(session, new LoggedMutation
                {
                    Id = _core.NewMutationId(),
                    Sequence = _core.NextSequence(),
                    ObjectName = parked.ObjectName,
                    RecordId = parked.RecordId,
                    Operation = exists ? MutationOperation.Update : MutationOperation.Create,
                    Timestamp = _core.Timestamp(),
                    Clock = clock.ToString(),
                    BaseVersion = exists ? synced!.Version : null,
                    Data = data,
                    BaseData = exists && synced!.Image is { } image
                        ? data.Keys.ToDictionary(f => f, f => image.TryGetValue(f, out var v) ? v : JsonValues.Null, StringComparer.Ordinal)
                        : null,
                    State = MutationStates.Pending,
                }, ct).ConfigureAwait(false);
            }
            await _local.RebaseAsync(session, parked.ObjectName, parked.RecordId, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        await RefreshStatusAsync(cancellationToken).ConfigureAwait(false);
        // The answer is pushed by the next sync; when called from a running one, that one runs again.
        _ = Request(resetBackoff: true);
    }

    /// <summary>
    /// Drops a parked mutation and the edits of the same record held behind it; the record shows the server's state
    /// again (RFC 10.6). Throws <see cref="ErrorCodes.NotFound"/> when no parked mutation has this id.
    /// </summary>
    public async Task DiscardAsync(string mutationId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mutationId);
        await _core.Database.System.TransactionAsync(async (session, ct) =>
        {
            var parked = await DropParkedAsync(session, mutationId, ct).ConfigureAwait(false);
            await _local.RebaseAsync(session, parked.ObjectName, parked.RecordId, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        await RefreshStatusAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<LoggedMutation> DropParkedAsync(ObjectQLSession session, string mutationId, CancellationToken cancellationToken)
    {
        var parked = await _core.Store.FindMutationAsync(session, mutationId, cancellationToken).ConfigureAwait(false);
        if (parked is not { State: MutationStates.Parked })
        {
            throw new ObjectQLException(ErrorCodes.NotFound, $"No parked mutation has id '{mutationId}'.",
                [new ErrorDetail("mutationId", "Not a parked mutation of this client.", "not_parked")]);
        }
        foreach (var later in await _core.Store.MutationsOfAsync(session, parked.ObjectName, parked.RecordId, cancellationToken).ConfigureAwait(false))
        {
            // In-flight mutations may already be applied: only the parked one and the unsent ones behind it go.
            if (later.Sequence >= parked.Sequence && later.State != MutationStates.InFlight)
            {
                await _core.Store.RemoveMutationAsync(session, later.Id, cancellationToken).ConfigureAwait(false);
            }
        }
        return parked;
    }

    private async Task AnswerConflictsAsync(IReadOnlyList<SyncMutationConflict> conflicts, CancellationToken cancellationToken)
    {
        foreach (var result in conflicts)
        {
            if (_options.ConflictHandlerFor(result.Conflict.ObjectName) is not { } handler)
            {
                continue;
            }
            try
            {
                var context = await ConflictContextAsync(result.Conflict, cancellationToken).ConfigureAwait(false);
                var answer = await handler(context, cancellationToken).ConfigureAwait(false);
                switch (answer.Kind)
                {
                    case ConflictAnswerKind.Push:
                        await ResolveAsync(result.MutationId, answer.Patch!, cancellationToken).ConfigureAwait(false);
                        break;
                    case ConflictAnswerKind.KeepServer:
                        await DiscardAsync(result.MutationId, cancellationToken).ConfigureAwait(false);
                        break;
                }
            }
            // The application's handler failing leaves the conflict parked and reported; sync goes on.
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                Log.ConflictHandlerFailed(_logger, result.MutationId, exception);
            }
        }
    }

    private async Task<SyncConflictContext> ConflictContextAsync(SyncConflict conflict, CancellationToken cancellationToken)
    {
        var definition = _core.Definition(conflict.ObjectName);
        var local = await _core.Database.System.Object(conflict.ObjectName).FindOneAsync(conflict.RecordId, cancellationToken).ConfigureAwait(false);
        var server = Storage.RecordValues.ToRecord(definition, conflict.ServerRecord);
        var suggested = conflict.SuggestedResolution is { } suggestion ? Storage.RecordValues.ToRecord(definition, suggestion) : null;
        return new SyncConflictContext(conflict, local, server, suggested);
    }
}
