using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Sync.Clocks;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Resolution;
using ObjectQL.Sync.Server.Handling;
using ObjectQL.Sync.Server.Storage;

namespace ObjectQL.Sync.Server;

public sealed partial class SyncServer
{
    private const int MaxVersionRetries = 5;

    private static readonly TransactionOptions ReadCommitted = new() { IsolationLevel = TransactionIsolation.ReadCommitted };

    private readonly KnownClients _knownClients = new();

    /// <summary>
    /// Reads every record a chunk's mutations name, also those its creates take as absent (AbsentRecords): the answers
    /// are the same either way, and the tests compare them.
    /// </summary>
    internal bool ReadsEveryRecord { get; set; }

    // A push of mutations on an interactive store starts from the client's row as this server last knew it: its lock
    // compares that version and reads the row only when it moved (Clients.LockAsync). A request without mutations answers
    // from the row itself (its epoch fence and highest sequence), and a batch-only store reads it in every chunk: both
    // read it here.
    private async Task<ClientRow> BindAsync(SyncPushRequest request, ObjectQLContext caller, CancellationToken cancellationToken)
    {
        if (_log.Batched)
        {
            return await Clients.BindAsync(Database.System, request.ClientId, caller, cancellationToken).ConfigureAwait(false);
        }
        if (request.Mutations.Count > 0 && _knownClients.Find(request.ClientId) is { } known && Clients.IsBoundTo(known, caller))
        {
            return known;
        }
        var bound = await Clients.BindAsync(Database.System, request.ClientId, caller, cancellationToken).ConfigureAwait(false);
        _knownClients.Remember(bound);
        return bound;
    }

    // Commits: what the push's chunks committed, in commit order (the delta that follows skips reading its own echoes).
    // Client: the client's row as committed after the push (null on a batch-only store, whose rows are not kept).
    private sealed record PushResults(IReadOnlyList<SyncMutationResult> Results, long HighestSequence, IReadOnlyList<OwnCommit> Commits, ClientRow? Client);

    // RFC 7: chunks of MaxMutationsPerTransaction, each one READ COMMITTED transaction that first locks the client's row;
    // each mutation isolated by a savepoint (shared by a run of mutations, SyncServer.Runs.cs); the answers written after
    // every rollback, so a rejection's answer survives.
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
            return new PushResults(results, bound.HighestSequence, [], _log.Batched ? null : bound);
        }
        var deviceClock = HlcTimestamp.Parse(request.ClientClock, "clientClock");
        var highest = bound.HighestSequence;
        var chunk = Options.Endpoint.MaxMutationsPerTransaction;
        var known = new KnownClient { Row = bound };
        var commits = new List<OwnCommit>();
        try
        {
            for (var start = 0; start < mutations.Count;)
            {
                var push = new PushChunk(
                    request, caller, results, start, _log.Batched ? BatchedChunkEnd(mutations, start, chunk) : Math.Min(start + chunk, mutations.Count), deviceClock,
                    known, commits, EveryRecordRead: ReadsEveryRecord);
                highest = _log.Batched
                    ? await PushBatchedAsync(push, cancellationToken).ConfigureAwait(false)
                    : await CommitAnsweredOnceAsync(push, cancellationToken).ConfigureAwait(false);
                start = push.End;
            }
        }
        catch
        {
            // A failed push (fenced, a store error) leaves the next one to read the row.
            _knownClients.Forget(request.ClientId);
            throw;
        }
        if (!_log.Batched && known.Row is { } committed)
        {
            _knownClients.Remember(committed);
        }
        return new PushResults(results, highest, commits, _log.Batched ? null : known.Row);
    }

    // One chunk of a push, committed in one transaction; Decided answers its one mutation without applying it;
    // EveryIdAsked looks up a stored answer for every mutation, not only those at or below the highest sequence;
    // EveryRecordRead reads every record, also those a create would take as absent (AbsentRecords).
    private sealed record PushChunk(
        SyncPushRequest Request, ObjectQLContext Caller, SyncMutationResult[] Results, int Start, int End, HlcTimestamp DeviceClock, KnownClient Known,
        List<OwnCommit> Commits, SyncMutationResult? Decided = null, bool EveryIdAsked = false, bool EveryRecordRead = false);

    // A chunk asks for stored answers only at or below the client's highest sequence, which holds every answer's sequence
    // as it was first pushed. A client renumbers its open mutations after SYNC_SEQUENCE_BEHIND or SYNC_CLIENT_FENCED
    // (RFC 7), in-flight ones included, since it cannot tell which of them the server applied: one that was applied then
    // comes back above the highest sequence. Its answer's key refuses the second answer, the chunk rolls back whole, and
    // it runs again asking every id, so the mutation is replayed, never applied twice. Only such a push pays the retry.
    // Likewise a chunk takes the records its creates make as absent without reading them (AbsentRecords): when one was
    // stored, the chunk meets a unique key (the record's row, or at commit its clock row) or RecordNotAbsentException,
    // rolls back whole, and runs again reading every record, so every answer is the one the reads give.
    private async Task<long> CommitAnsweredOnceAsync(PushChunk push, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await CommitAsync(push, cancellationToken).ConfigureAwait(false);
            }
            catch (AnswerAlreadyStoredException) when (!push.EveryIdAsked)
            {
                push = push with { EveryIdAsked = true };
            }
            catch (Exception notAbsent) when (!push.EveryRecordRead && (notAbsent is RecordNotAbsentException || IsUniqueConflict(notAbsent)))
            {
                push = push with { EveryRecordRead = true };
            }
        }
    }

    private static bool IsUniqueConflict(Exception error) =>
        error is ObjectQLException { Code: ErrorCodes.Conflict } conflict && conflict.Details.Any(d => d.Reason == "unique");

    // The client's row as the request last saw it committed (bound, then as each chunk wrote it): the next chunk's lock
    // compares its version instead of reading the row first.
    private sealed class KnownClient
    {
        public ClientRow? Row { get; set; }
    }

    // The outcomes are counted once the chunk committed: on a batch-only store a chunk can fail at commit and is then
    // pushed again (SyncServer.Batched.cs), which counts its mutations as they end up.
    private async Task<long> CommitAsync(PushChunk push, CancellationToken cancellationToken)
    {
        var outcomes = new List<string>(push.End - push.Start);
        ClientRow? written = null;
        PushScope? scope = null;
        var top = await Database.WithContext(push.Caller).TransactionAsync(
            async (session, ct) =>
            {
                // Registered before anything is written, so the before-commit stage reports the commit also of a chunk
                // that only wrote hooks' records.
                scope = _log.PushScopeOf(session.Transaction!);
                scope.Reserve(push.End - push.Start);
                var (chunkTop, row) = await PushChunkAsync(session, push, outcomes, ct).ConfigureAwait(false);
                written = row;
                return chunkTop;
            }, ReadCommitted, cancellationToken)
            .ConfigureAwait(false);
        // Only a committed write is known: a rolled-back one's version may be taken by another request's.
        push.Known.Row = written;
        if (scope?.Committed is { } committed)
        {
            push.Commits.Add(committed);
            if (committed.OwnDeletes && written is not null)
            {
                // The commit marked the row without moving its version (ChangeLog.Write.cs): what is known must hold the mark.
                push.Known.Row = written with { DeletedThrough = committed.Position };
            }
        }
        foreach (var outcome in outcomes)
        {
            _log.Metrics.Mutation(outcome);
        }
        return top;
    }

    // One chunk's transaction: lock the client's row (writing its new epoch and highest sequence, which the chunk's
    // mutations decide before any is applied), replay known answers, answer what needs no read, apply the rest in runs
    // (SyncServer.Runs.cs), then write the chunk's answers and audit entries, one statement each, after every rollback.
    // Returns the highest sequence and the client's row as written (null on a batch-only store).
    private async Task<(long Top, ClientRow? Written)> PushChunkAsync(ObjectQLSession session, PushChunk push, List<string> outcomes, CancellationToken cancellationToken)
    {
        var (request, results, start, end, deviceClock, decided) = (push.Request, push.Results, push.Start, push.End, push.DeviceClock, push.Decided);
        var mutations = request.Mutations;
        var first = start == 0;
        var system = session.AsSystem();
        // Every mutation of the chunk raises the highest sequence: a replayed one was counted when it was first answered.
        var chunkTop = 0L;
        for (var i = start; i < end; i++)
        {
            chunkTop = Math.Max(chunkTop, mutations[i].Sequence);
        }
        ClientRow client;
        ClientRow? written = null;
        if (_log.Batched)
        {
            client = await Clients.ReadAsync(system, request.ClientId, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // A fenced request throws below, and the transaction takes the write back with everything else.
            (client, written) = await Clients.LockAsync(
                system, request.ClientId, push.Known.Row, row => (Math.Max(row.Epoch, request.ClientEpoch), Math.Max(row.HighestSequence, chunkTop)), cancellationToken)
                .ConfigureAwait(false);
        }
        if (request.ClientEpoch < client.Epoch)
        {
            throw new SyncRequestException(409, SyncErrorBodies.Fenced(request.ClientEpoch, client.Epoch, client.HighestSequence));
        }
        // An answer is stored in the transaction that raises the client's highest sequence to at least its mutation's, so a
        // mutation above the highest sequence the chunk found has no answer unless its client renumbered it
        // (CommitAnsweredOnceAsync): a push of new mutations looks up none. A batch-only store would meet the answer's key
        // only at commit, where it fails the batch, so it asks every id.
        var everyId = push.EveryIdAsked || _log.Batched;
        var answers = await Answers.FindAsync(
            system, request.ClientId,
            mutations.Skip(first ? 0 : start).Take(first ? mutations.Count : end - start).Where(m => everyId || m.Sequence <= client.HighestSequence),
            cancellationToken).ConfigureAwait(false);
        if (first)
        {
            RefuseSequenceBehind(mutations, answers, client.HighestSequence);
        }
        var top = Math.Max(client.HighestSequence, chunkTop);
        var toApply = new List<int>(end - start);
        for (var i = start; i < end; i++)
        {
            var mutation = mutations[i];
            if (answers.TryGetValue(mutation.Id, out var answer))
            {
                results[i] = answer;
                outcomes.Add("replayed");
                continue;
            }
            if ((decided ?? await AnswerWithoutReadAsync(session, mutation, client, cancellationToken).ConfigureAwait(false)) is { } early)
            {
                results[i] = early;
            }
            else
            {
                toApply.Add(i);
            }
        }
        var audits = new List<ConflictAuditEntry>();
        if (toApply.Count > 0)
        {
            // A batch-only store meets a unique key only at commit, where it fails the whole batch: it reads every record.
            var reads = await ChunkReads.LoadAsync(_log, session, toApply.Select(i => mutations[i]), push.EveryRecordRead || _log.Batched, cancellationToken)
                .ConfigureAwait(false);
            await ApplyInRunsAsync(new PushRun(session, request, results, toApply, deviceClock, reads, audits), cancellationToken).ConfigureAwait(false);
            await reads.Absent.CheckAsync(session, _log.PushScopeOf(session.Transaction!), cancellationToken).ConfigureAwait(false);
        }
        var answered = new List<(MutationLogEntry, SyncMutationResult)>(end - start);
        for (var i = start; i < end; i++)
        {
            if (answers.ContainsKey(mutations[i].Id))
            {
                continue;
            }
            outcomes.Add(MetricOutcome(results[i]));
            if (results[i] is not SyncMutationApplied { Outcome: ApplyOutcome.Expired })
            {
                answered.Add((mutations[i], results[i]));
            }
        }
        await AuditTrail.WriteAsync(system, audits, cancellationToken).ConfigureAwait(false);
        await Answers.SaveAsync(system, request.ClientId, answered, cancellationToken).ConfigureAwait(false);
        if (_log.Batched)
        {
            await Clients.SaveAsync(system, client, Math.Max(client.Epoch, request.ClientEpoch), top, cancellationToken).ConfigureAwait(false);
        }
        return (top, written);
    }

    private static string MetricOutcome(SyncMutationResult result) => result switch
    {
        SyncMutationApplied { Outcome: ApplyOutcome.Expired } => "expired",
        SyncMutationApplied { Outcome: ApplyOutcome.Accepted } => "applied",
        SyncMutationApplied => "merged",
        SyncMutationConflict => "conflicted",
        _ => "rejected",
    };

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

    // The answers that need no read and no write: an expired answer, a sequence jump, an oversize record, an object
    // the mutation may not be pushed to. Null when the mutation must be applied.
    private async Task<SyncMutationResult?> AnswerWithoutReadAsync(ObjectQLSession session, MutationLogEntry mutation, ClientRow client, CancellationToken cancellationToken)
    {
        if (mutation.Sequence <= client.HighestSequence)
        {
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
            return oversize;
        }
        return MutationApplier.Refusal(_log, session.Context, mutation) is { } refused ? Rejected(mutation, refused) : null;
    }

    private static SyncMutationRejected Rejected(MutationLogEntry mutation, ObjectQLException refused) =>
        new(mutation.Id, refused.Message, refused.Code, refused.Details.Count == 0 ? null : refused.Details);
}
