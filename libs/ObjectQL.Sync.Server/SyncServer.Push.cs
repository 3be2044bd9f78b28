using System.Data;
using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Sync.Clocks;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Server.Handling;
using ObjectQL.Sync.Server.Storage;

namespace ObjectQL.Sync.Server;

public sealed partial class SyncServer
{
    private static readonly TransactionOptions ReadCommitted = new() { IsolationLevel = IsolationLevel.ReadCommitted };

    private sealed record PushResults(IReadOnlyList<SyncMutationResult> Results, long HighestSequence);

    // RFC 7: chunks of MaxMutationsPerTransaction, each one READ COMMITTED transaction that first locks the client's row;
    // each mutation in its own savepoint; its answer written after the savepoint, so a rejection's answer survives.
    private async Task<PushResults> PushAsync(SyncPushRequest request, ObjectQLContext caller, ClientRow bound, CancellationToken cancellationToken)
    {
        var mutations = request.Mutations;
        var results = new SyncMutationResult[mutations.Count];
        if (mutations.Count == 0)
        {
            if (request.ClientEpoch < bound.Epoch)
            {
                throw new SyncRequestException(409, SyncErrorBodies.Fenced(request.ClientEpoch, bound.Epoch, bound.HighestSequence));
            }
            return new PushResults(results, bound.HighestSequence);
        }
        var deviceClock = HlcTimestamp.Parse(request.ClientClock, "clientClock");
        var highest = bound.HighestSequence;
        var chunk = Options.Endpoint.MaxMutationsPerTransaction;
        for (var start = 0; start < mutations.Count; start += chunk)
        {
            var end = Math.Min(start + chunk, mutations.Count);
            var first = start == 0;
            highest = await Database.WithContext(caller).TransactionAsync(async (session, ct) =>
            {
                var system = session.AsSystem();
                var client = await Clients.LockAsync(system, request.ClientId, ct).ConfigureAwait(false);
                if (request.ClientEpoch < client.Epoch)
                {
                    throw new SyncRequestException(409, SyncErrorBodies.Fenced(request.ClientEpoch, client.Epoch, client.HighestSequence));
                }
                var answers = await Answers.FindAsync(system, request.ClientId, mutations.Skip(first ? 0 : start).Take(first ? mutations.Count : end - start), ct)
                    .ConfigureAwait(false);
                if (first)
                {
                    RefuseSequenceBehind(mutations, answers, client.HighestSequence);
                }
                var top = client.HighestSequence;
                for (var i = start; i < end; i++)
                {
                    var mutation = mutations[i];
                    if (answers.TryGetValue(mutation.Id, out var answer))
                    {
                        results[i] = answer;
                        _log.Metrics.Mutation("replayed");
                        continue;
                    }
                    results[i] = await ApplyAsync(session, request, mutation, client, deviceClock, ct).ConfigureAwait(false);
                    if (results[i] is not SyncMutationApplied { Outcome: ApplyOutcome.Expired })
                    {
                        await Answers.SaveAsync(system, request.ClientId, mutation, results[i], ct).ConfigureAwait(false);
                    }
                    top = Math.Max(top, mutation.Sequence);
                }
                await Clients.SaveAsync(system, request.ClientId, Math.Max(client.Epoch, request.ClientEpoch), top, ct).ConfigureAwait(false);
                return top;
            }, ReadCommitted, cancellationToken).ConfigureAwait(false);
        }
        return new PushResults(results, highest);
    }

    // RFC 7: an unknown mutation at or below the highest sequence is either an answer that expired or a counter that went
    // back; the latter refuses the whole request before anything is applied.
    private void RefuseSequenceBehind(IReadOnlyList<MutationLogEntry> mutations, IReadOnlyDictionary<string, SyncMutationResult> answers, long highest)
    {
        for (var i = 0; i < mutations.Count; i++)
        {
            var mutation = mutations[i];
            if (mutation.Sequence <= highest && !answers.ContainsKey(mutation.Id) && !IsExpired(mutation))
            {
                throw new SyncRequestException(409, SyncErrorBodies.SequenceBehind($"$.mutations[{i}].sequence", mutation.Sequence, highest));
            }
        }
    }

    // A UUIDv7 id carries its creation time; older than the retention window (less the drift limit) means its answer expired.
    private bool IsExpired(MutationLogEntry mutation)
    {
        if (!Guid.TryParse(mutation.Id, out var id) || id.Version != 7)
        {
            return false;
        }
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        long unixMs = 0;
        for (var b = 0; b < 6; b++)
        {
            unixMs = (unixMs << 8) | bytes[b];
        }
        var age = _log.Time.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(unixMs);
        return age > Options.Endpoint.ChangeLogRetention - Options.Endpoint.MaxClockDrift;
    }

    private async Task<SyncMutationResult> ApplyAsync(
        ObjectQLSession session, SyncPushRequest request, MutationLogEntry mutation, ClientRow client, HlcTimestamp deviceClock, CancellationToken cancellationToken)
    {
        if (mutation.Sequence <= client.HighestSequence)
        {
            _log.Metrics.Mutation("expired");
            var clock = await _log.ClockAsync(session.AsSystem(), cancellationToken).ConfigureAwait(false);
            return new SyncMutationApplied(mutation.Id, 0, ApplyOutcome.Expired, clock.Current.ToString());
        }
        if (mutation.Sequence - client.HighestSequence > 1L << 32)
        {
            return Rejected(mutation, ObjectQLException.InvalidRequest(
                $"Sequence {mutation.Sequence} jumps more than 2^32 above {client.HighestSequence}.", "sequence", "sequence_jump"));
        }
        if (SyncWireValidator.RejectOversize(mutation, Options.Endpoint.MaxRecordBytes) is { } oversize)
        {
            _log.Metrics.Mutation("rejected");
            return oversize;
        }
        try
        {
            var origin = new WriteOrigin { ClientId = request.ClientId, MutationId = mutation.Id, Clock = mutation.Clock };
            var result = await session.WithOrigin(origin).SavepointAsync(
                (unit, ct) => new MutationApplier(_log, unit, request.ClientId, deviceClock).ApplyAsync(mutation, ct), cancellationToken).ConfigureAwait(false);
            _log.Metrics.Mutation(result switch
            {
                SyncMutationApplied { Outcome: ApplyOutcome.Accepted } => "applied",
                SyncMutationApplied => "merged",
                SyncMutationConflict => "conflicted",
                _ => "rejected",
            });
            return result;
        }
        catch (ObjectQLException refused) when (refused.Code is not ErrorCodes.DatabaseError and not ErrorCodes.InternalError)
        {
            return Rejected(mutation, refused);
        }
    }

    private SyncMutationRejected Rejected(MutationLogEntry mutation, ObjectQLException refused)
    {
        _log.Metrics.Mutation("rejected");
        return new SyncMutationRejected(mutation.Id, refused.Message, refused.Code, refused.Details.Count == 0 ? null : refused.Details);
    }
}
