using ObjectQL.Sync.Clocks;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Resolution;
using ObjectQL.Sync.Server.Handling;

namespace ObjectQL.Sync.Server;

public sealed partial class SyncServer
{
    // What the runs of one chunk share: its transaction, the request, the answers so far, the mutations to apply (indexes
    // into the request, in order), the chunk's prefetched reads and the audit entries of the mutations that stand.
    private sealed record PushRun(
        ObjectQLSession Session, SyncPushRequest Request, SyncMutationResult[] Results, List<int> ToApply, HlcTimestamp DeviceClock, ChunkReads Reads,
        List<ConflictAuditEntry> Audits);

    // Thrown inside a run's savepoint: the mutation at ToApply[Position] cannot stay in the run (it failed, or a hook it
    // ran wrote a record whose answer was still to be read). The savepoint rolls the run back.
    // Grouped: a group of creates or updates failed or wrote more than its records; the run goes again without grouping, so
    // whichever of its mutations fails is found and applied alone.
    private sealed class RunBroken(int position, bool grouped = false) : Exception("A mutation of the run has to be applied alone.")
    {
        public int Position { get; } = position;

        public bool Grouped { get; } = grouped;
    }

    // RFC 7, "one savepoint per run": mutations are applied in runs, each run under one savepoint. When a mutation of the
    // run fails, the run rolls back to its savepoint; the mutations before the failed one are applied again as a run, the
    // failed one alone in its own savepoint (where it fails again and becomes its rejected answer, exactly as it would
    // have in a savepoint of its own), and a new run starts after it. Every mutation that stands was applied in a
    // transaction state that holds exactly the mutations before it that stand, as with a savepoint per mutation.
    // Creates, and updates, are grouped into one write per object (WriteGroup) until a group breaks; from then on the chunk's runs
    // write each mutation as it is applied. A batch-only store writes its own way (SyncServer.Batched.cs).
    private async Task ApplyInRunsAsync(PushRun run, CancellationToken cancellationToken)
    {
        var at = 0;
        int? alone = null;
        var grouping = !_log.Batched;
        while (at < run.ToApply.Count)
        {
            var limit = alone ?? run.ToApply.Count;
            if (at == limit)
            {
                run.Results[run.ToApply[at]] = await ApplyAloneAsync(run, run.Request.Mutations[run.ToApply[at]], cancellationToken).ConfigureAwait(false);
                at++;
                alone = null;
                continue;
            }
            var audits = run.Audits.Count;
            try
            {
                var group = grouping ? new WriteGroup() : null;
                await run.Session.SavepointAsync((unit, ct) => RunAsync(run, unit, at, limit, group, ct), cancellationToken).ConfigureAwait(false);
                at = limit;
            }
            catch (RunBroken broken)
            {
                run.Audits.RemoveRange(audits, run.Audits.Count - audits);
                if (broken.Grouped)
                {
                    grouping = false;
                }
                else
                {
                    alone = broken.Position;
                }
            }
        }
    }

    // Applies ToApply[from..to) under the caller's savepoint. Each answer is cut to what the caller may read in one read
    // per object for the run, taken before any later mutation of the run writes the record again.
    private async Task RunAsync(PushRun run, ObjectQLSession unit, int from, int to, WriteGroup? group, CancellationToken cancellationToken)
    {
        var unread = new List<(int Position, AppliedMutation Applied)>();
        var unreadRecords = new HashSet<(string Object, string Record)>();
        for (var position = from; position < to; position++)
        {
            var mutation = run.Request.Mutations[run.ToApply[position]];
            var answersFirst = unreadRecords.Contains((mutation.ObjectName, mutation.RecordId));
            // Writes stay in mutation order: only creates, or updates, of one object wait together (a delete waits for
            // none), and nothing reads a record still waiting.
            if (group is not null && (answersFirst || mutation.Operation == MutationOperation.Delete || group.MustWriteBefore(mutation.ObjectName, mutation.RecordId, mutation.Operation)))
            {
                await WriteGroupAsync(run, unit, group, cancellationToken).ConfigureAwait(false);
            }
            if (answersFirst)
            {
                await ReadAnswersAsync(run, unit, unread, group, cancellationToken).ConfigureAwait(false);
                unreadRecords.Clear();
            }
            var mark = unit.TransactionChangeCount;
            AppliedMutation applied;
            try
            {
                var origin = new WriteOrigin { ClientId = run.Request.ClientId, MutationId = mutation.Id, Clock = mutation.Clock };
                if (group is not null)
                {
                    group.Position = position;
                }
                applied = await new MutationApplier(_log, unit.WithOrigin(origin), run.Request.ClientId, run.DeviceClock, run.Reads, group)
                    .ResolveAsync(mutation, cancellationToken).ConfigureAwait(false);
            }
            catch (ObjectQLException refused) when (Rejectable(refused))
            {
                throw new RunBroken(position);
            }
            foreach (var change in unit.TransactionChangesFrom(mark))
            {
                if (unreadRecords.Contains((change.ObjectName, change.Id)))
                {
                    throw new RunBroken(position);
                }
            }
            unread.Add((position, applied));
            unreadRecords.Add((mutation.ObjectName, mutation.RecordId));
            if (applied.Audit is { } audit)
            {
                run.Audits.Add(audit);
            }
        }
        if (group is not null)
        {
            await WriteGroupAsync(run, unit, group, cancellationToken).ConfigureAwait(false);
        }
        await ReadAnswersAsync(run, unit, unread, group, cancellationToken).ConfigureAwait(false);
    }

    // A group that cannot stand as one write breaks the run at its first mutation, to go again without grouping.
    private static async Task WriteGroupAsync(PushRun run, ObjectQLSession unit, WriteGroup group, CancellationToken cancellationToken)
    {
        bool alone;
        try
        {
            alone = await group.WriteAsync(unit, run.Request.ClientId, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectQLException refused) when (Rejectable(refused))
        {
            throw new RunBroken(group.FirstPosition, grouped: true);
        }
        if (!alone)
        {
            throw new RunBroken(group.FirstPosition, grouped: true);
        }
    }

    // The records of the applied mutations as the caller's pipeline returns them, one statement per object; a read the
    // caller is refused (no read permission on the object) breaks the run at the first of them, which then fails alone.
    // A grouped create or an update whose answer needs no more than its write returned is answered from that
    // (WrittenAnswers).
    private static async Task ReadAnswersAsync(
        PushRun run, ObjectQLSession unit, List<(int Position, AppliedMutation Applied)> unread, WriteGroup? writes, CancellationToken cancellationToken)
    {
        foreach (var group in unread.GroupBy(u => u.Applied.Definition.Name, StringComparer.Ordinal))
        {
            var definition = unit.Database.Model.Get(group.Key);
            var createsFromWrites = writes is not null && WrittenAnswers.ReadSeesWhatWriteReturned(unit.Database, unit.Context, definition, HookOperation.Create);
            var updatesFromWrites = group.Any(u => u.Applied.Updated is not null)
                && WrittenAnswers.ReadSeesWhatWriteReturned(unit.Database, unit.Context, definition, HookOperation.Update);
            var toAnswer = new List<(int Position, AppliedMutation Applied)>();
            foreach (var (position, applied) in group)
            {
                var created = writes?.TakeWritten(position);
                var returned = created is not null ? (createsFromWrites ? created : null) : (updatesFromWrites ? applied.Updated : null);
                if (returned is not null && WrittenAnswers.Answer(applied, returned) is { } answer)
                {
                    run.Results[run.ToApply[position]] = answer;
                }
                else
                {
                    toAnswer.Add((position, applied));
                }
            }
            Dictionary<string, Record> views;
            var toRead = toAnswer.Where(u => u.Applied.Written is null).Select(u => u.Applied.Mutation.RecordId).Distinct(StringComparer.Ordinal).ToArray();
            try
            {
                views = toRead.Length == 0 ? [] : await ChunkReads.FindByIdAsync(unit.Object(group.Key), toRead, cancellationToken).ConfigureAwait(false);
            }
            catch (ObjectQLException refused) when (Rejectable(refused))
            {
                throw new RunBroken(toAnswer.Min(u => u.Position));
            }
            foreach (var (position, applied) in toAnswer)
            {
                var view = applied.Written is { } written ? written.Record : views.GetValueOrDefault(applied.Mutation.RecordId);
                run.Results[run.ToApply[position]] = MutationApplier.Answer(applied, view);
            }
        }
        unread.Clear();
    }

    // A mutation in its own savepoint, reading everything itself (the run touched its record, so the chunk's reads only
    // tell whether the record was taken as absent, AbsentRecords). A writer that committed between the resolver's read and
    // the compare-and-swap fails the write; the mutation is read and resolved again against the new version (RFC 6.1),
    // and after MaxVersionRetries it is rejected as busy.
    private async Task<SyncMutationResult> ApplyAloneAsync(PushRun run, MutationLogEntry mutation, CancellationToken cancellationToken)
    {
        var origin = new WriteOrigin { ClientId = run.Request.ClientId, MutationId = mutation.Id, Clock = mutation.Clock };
        var session = run.Session.WithOrigin(origin);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var (result, audit) = await session.SavepointAsync(
                        (unit, ct) => new MutationApplier(_log, unit, run.Request.ClientId, run.DeviceClock, run.Reads).ApplyAsync(mutation, ct), cancellationToken).ConfigureAwait(false);
                    if (audit is not null)
                    {
                        run.Audits.Add(audit);
                    }
                    return result;
                }
                catch (ObjectQLException raced) when (IsVersionConflict(raced))
                {
                    if (attempt == MaxVersionRetries)
                    {
                        throw KeptChanging(mutation);
                    }
                }
            }
        }
        catch (ObjectQLException refused) when (Rejectable(refused))
        {
            return Rejected(mutation, refused);
        }
    }

    // A store or internal error fails the whole transaction; every other refusal is the mutation's rejected answer.
    private static bool Rejectable(ObjectQLException refused) => refused.Code is not ErrorCodes.DatabaseError and not ErrorCodes.InternalError;
}
