using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Server;

// The push on a batch-only store (D1; docs/drivers.md, "Batch-only stores"), which buffers a transaction's writes and
// sends them as one atomic batch at commit. Two things differ from an interactive store, and this is how the push keeps
// RFC 7's guarantees anyway:
// - One write per record per transaction: a chunk ends before a mutation whose record the chunk already holds, so a
//   later mutation of a record reads what the earlier one committed. The client's row is written once per chunk
//   (Clients.ReadAsync reads it, Clients.SaveAsync writes it), compared with the version read first; that compare stands in for the row
//   lock, so of two racing pushes of one client the second fails at commit and is retried, then replays the answers.
// - A write fails at commit, not where it ran: a savepoint cannot catch a unique violation or a raced version. When a
//   chunk's batch fails, nothing of it was applied, and its mutations are pushed again one per transaction: a raced
//   version is read and resolved again (up to MaxVersionRetries), any other refusal becomes that mutation's rejected
//   answer, committed with the client's row in a transaction of its own. Every mutation still gets exactly one answer.
public sealed partial class SyncServer
{
    // The end of the chunk starting at start: at most size mutations, each record at most once.
    private static int BatchedChunkEnd(IReadOnlyList<MutationLogEntry> mutations, int start, int size)
    {
        var records = new HashSet<(string Object, string Record)>();
        var end = start;
        while (end < mutations.Count && end - start < size && records.Add((mutations[end].ObjectName, mutations[end].RecordId)))
        {
            end++;
        }
        return end;
    }

    private async Task<long> PushBatchedAsync(PushChunk push, CancellationToken cancellationToken)
    {
        try
        {
            return await CommitAsync(push, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectQLException failed) when (Rejectable(failed))
        {
            // The batch failed as a whole; find the mutation that cannot stand by pushing them one at a time.
        }
        var highest = 0L;
        for (var i = push.Start; i < push.End; i++)
        {
            highest = await PushBatchedAloneAsync(push with { Start = i, End = i + 1 }, cancellationToken).ConfigureAwait(false);
        }
        return highest;
    }

    private async Task<long> PushBatchedAloneAsync(PushChunk push, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await CommitAsync(push, cancellationToken).ConfigureAwait(false);
            }
            catch (ObjectQLException raced) when (IsVersionConflict(raced) && attempt < MaxVersionRetries)
            {
            }
            catch (ObjectQLException refused) when (Rejectable(refused))
            {
                var mutation = push.Request.Mutations[push.Start];
                var answer = Rejected(mutation, IsVersionConflict(refused) ? KeptChanging(mutation) : refused);
                return await CommitAsync(push with { Decided = answer }, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static bool IsVersionConflict(ObjectQLException error) =>
        error.Code == ErrorCodes.Conflict && error.Details.Any(d => d.Reason == "version_conflict");

    private static ObjectQLException KeptChanging(MutationLogEntry mutation) =>
        new(ErrorCodes.Conflict, $"Record '{mutation.RecordId}' kept changing while this mutation was applied; retry it.", [new ErrorDetail("recordId", "Concurrent writes.", "busy")]);
}
