using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Sync.Server.Checkpoints;
using ObjectQL.Sync.Server.Diagnostics;
using ObjectQL.Sync.Server.Handling;
using ObjectQL.Sync.Server.Storage;

namespace ObjectQL.Sync.Server;

public sealed partial class SyncServer
{
    private const int CommitBatch = 200;

    // The change rows of recently read commits a server keeps (CommittedChanges): about 20 full pages, a few MB.
    private const int KeptChangeRows = 10_000;

    // Commits read first by a server that has not yet pulled: one, because a commit may hold hundreds of changes (a push
    // writes up to MaxMutationsPerTransaction per commit), and a page must not read and check thousands of rows to send a
    // few hundred. The next batch is sized from what the first one held; later pulls start from _changesPerCommit.
    private const int FirstCommitBatch = 1;

    // The changes per whole commit the last pull read, 0 before the first (a commit read only as far as a page's room
    // counts as the rows read of it): sizes a pull's first batch of commits, so a page reads about the rows it sends in
    // one round (commits, their changes, the caller's view) instead of probing with one commit first. A hint only: a
    // wrong guess reads more or fewer rows, never other ones.
    private double _changesPerCommit;

    private readonly CommittedChanges _committedChanges = new(KeptChangeRows);

    // Commits read ahead from a position on, for a pull's first round; the tag of the commit at that position, null
    // when it is not there (pruned, or a restored database).
    private sealed record CommitsAhead(long From, IReadOnlyList<Record> Commits)
    {
        public uint? TagAtFrom => Commits.Count > 0 && RowValues.Long(Commits[0]["position"]) == From ? (uint)RowValues.Long(Commits[0]["tag"]) : null;
    }

    // What a pull's log starts from: the changes per commit to size its first round, the commits read ahead, whether
    // a delete of the caller's own may follow the checkpoint (SyncServer.Delta.cs, OwnDeletesAfter), and how many of the
    // request's own commits, holding only its own rows, lie after the checkpoint: they send nothing, so the first round
    // reads that many commits more (without them a pusher's page came up short by its own commit and read a second round).
    private readonly record struct LogStart(double ChangesPerCommit, CommitsAhead? Ahead, bool OwnDeletesAfter, int OwnCommitsAfter = 0);

    // RFC 6.4: commits after the checkpoint and at or below the settled position, in position order, their changes in
    // write order; the caller's own echoes, objects it may not pull and records it may not read advance the cursor
    // without being sent. Commits are read in rounds sized from the changes per commit seen so far, so a page reads about
    // the rows it sends; what the caller may read is asked once per object per round, for no more rows than the page has
    // room for (a round that meets a row it did not ask about ends there, and the next starts at that row).
    private async Task<SyncCheckpoint> LogAsync(
        ObjectQLSession session, string clientId, SyncCheckpoint start, long? settled, DeltaPage page, LogStart first, CancellationToken cancellationToken)
    {
        var system = session.AsSystem();
        var position = start.Position;
        var ordinal = start.Ordinal;
        var tag = start.PositionTag;
        long commitsRead = 0, rowsRead = 0;
        var scratch = new PullScratch(session.Context);
        // Whether a commit waits after the last batch read: each batch reads one commit more than it takes, so a full
        // page knows whether more waits without counting the rest of the log.
        var more = false;
        var firstRound = true;
        while (!page.Full)
        {
            var room = Math.Max(1, page.MaxChanges - page.Changes.Count);
            var (fromPosition, fromOrdinal) = (position, ordinal);
            var inside = fromOrdinal != SyncCheckpoint.WholePosition;
            var batch = RoundSize(room, commitsRead > 0 ? (double)rowsRead / commitsRead : first.ChangesPerCommit, inside);
            // A round of one commit reads only as far as the room (below); only a round of several takes the own commits in.
            batch += firstRound && batch > 1 ? first.OwnCommitsAfter : 0;
            // The first round takes what was read ahead from its position, sized for a whole page from the same figure.
            var commits = firstRound && first.Ahead is { } ahead && ahead.From == fromPosition
                ? ahead.Commits.Where(c => inside || RowValues.Long(c["position"]) > fromPosition).Take(batch + 1).ToList()
                : await CommitsAsync(system, inside ? FilterOperator.Gte : FilterOperator.Gt, fromPosition, settled, batch + 1, cancellationToken).ConfigureAwait(false);
            firstRound = false;
            more = commits.Count > batch;
            commits = more ? commits.Take(batch).ToList() : commits;
            if (commits.Count == 0)
            {
                break;
            }
            // The commit a round starts inside is read from the row after it, so its sent rows are not read again.
            var after = inside && RowValues.Long(commits[0]["position"]) == fromPosition ? fromOrdinal : SyncCheckpoint.WholePosition;
            bool Sent(long at, ChangeRow row) => at == fromPosition && row.Ordinal <= fromOrdinal;
            // A round of one commit reads no more of its rows than the page has room for, and one more to tell whether the
            // commit goes on: a commit may hold thousands of changes (MaxMutationsPerTransaction up to 4096, a pipeline
            // transaction any number), and a page of 500 read them all only to send 500.
            var limit = commits.Count == 1 ? room + 1 : (int?)null;
            var rows = await ChangesOfAsync(system, session.Context, commits, after, limit, cancellationToken).ConfigureAwait(false);
            var read = rows.Values.Sum(r => r.Count);
            var truncated = limit is { } most && read >= most;
            var partial = after == SyncCheckpoint.WholePosition ? 0 : rows.GetValueOrDefault((string)commits[0]["tx_id"]!, []).Count;
            commitsRead += after == SyncCheckpoint.WholePosition ? commits.Count : commits.Count - 1;
            rowsRead += read - partial;
            if (commitsRead > 0)
            {
                Volatile.Write(ref _changesPerCommit, (double)rowsRead / commitsRead);
            }
            // Exactly the rows the loop below meets first, in its order, so each row it sends was asked about.
            var candidates = commits.SelectMany(c => rows.GetValueOrDefault((string)c["tx_id"]!, [])
                    .Where(r => !Sent(RowValues.Long(c["position"]), r)))
                .Where(r => !string.Equals(r.ClientId, clientId, StringComparison.Ordinal))
                .Take(room)
                .ToList();
            var readable = await ReadableAsync(session, candidates, scratch.Views, first.OwnDeletesAfter, cancellationToken).ConfigureAwait(false);
            var asked = 0;
            var cut = false;
            foreach (var commit in commits)
            {
                var at = RowValues.Long(commit["position"]);
                var commitTag = (uint)RowValues.Long(commit["tag"]);
                // A change's time is its commit's (change rows do not repeat it).
                var committedAt = (DateTimeOffset)commit["committed_at"]!;
                page.ReadCommit(committedAt);
                foreach (var row in rows.GetValueOrDefault((string)commit["tx_id"]!, []))
                {
                    if (Sent(at, row))
                    {
                        continue;
                    }
                    var rowOrdinal = (int)row.Ordinal;
                    if (page.Full)
                    {
                        page.HasMore = true;
                        return start with { Position = position, Ordinal = ordinal, PositionTag = tag };
                    }
                    var own = string.Equals(row.ClientId, clientId, StringComparison.Ordinal);
                    if (!own && ++asked > candidates.Count)
                    {
                        cut = true;
                        break;
                    }
                    if (!own && ToChange(row, committedAt, readable, scratch) is { } change)
                    {
                        if (row.SentWhole is { } sent && ReferenceEquals(sent.Change, change))
                        {
                            page.Add(change, sent.Text);
                        }
                        else
                        {
                            page.Add(change);
                        }
                    }
                    (position, ordinal, tag) = (at, rowOrdinal, commitTag);
                }
                if (cut)
                {
                    break;
                }
                if (truncated)
                {
                    // The commit goes on past the rows read: the next round starts after the last row met here.
                    cut = true;
                    break;
                }
                (position, ordinal, tag) = (at, SyncCheckpoint.WholePosition, commitTag);
            }
            if (!more && !cut)
            {
                break;
            }
            more |= cut;
        }
        page.HasMore = page.Full && more;
        return start with { Position = position, Ordinal = ordinal, PositionTag = tag };
    }

    // Commits from a position on, in position order, at or below the settled position.
    private static async Task<IReadOnlyList<Record>> CommitsAsync(
        IObjectQLSession system, FilterOperator from, long position, long? settled, int limit, CancellationToken cancellationToken) =>
        await system.Object(SyncObjects.Commit).FindAsync(new Query
        {
            Where = Bounded(new Filter.Comparison("position", from, (double)position), settled),
            // The id and the mark for a commit an earlier version wrote, which a read rekeys (KeyedCommits).
            Fields = [SystemFields.Id, "position", "tx_id", "tag", "committed_at", KeyedCommits.Field],
            OrderBy = [new SortSpec("position")],
            Limit = limit,
        }, cancellationToken).ConfigureAwait(false);

    // How many commits a round reads: enough of this many changes each to fill the room, and one more when the round
    // starts inside a commit (the rest of that commit is only part of one); before anything is known, FirstCommitBatch.
    // A commit that alone fills the room is read alone (and only as far as the room), also when the round starts inside one.
    private static int RoundSize(int room, double changesPerCommit, bool inside) =>
        changesPerCommit >= room ? 1
        : changesPerCommit > 0 ? CommitsFor(room, changesPerCommit) + (inside ? 1 : 0)
        : Math.Min(room, FirstCommitBatch);

    // Enough commits of this many changes each to fill the room, one at least.
    private static int CommitsFor(int room, double changesPerCommit) =>
        (int)Math.Clamp(Math.Ceiling(room / Math.Max(1.0, changesPerCommit)), 1, CommitBatch);

    // Commits at or below the settled position; every commit when positions are serial.
    private static Filter? UpTo(long? settled) =>
        settled is { } bound ? new Filter.Comparison("position", FilterOperator.Lte, (double)bound) : null;

    private static Filter Bounded(Filter where, long? settled) => UpTo(settled) is { } bound ? where & bound : where;

    // The change rows of these commits; of the first only those after the given ordinal. With a limit (a round of one
    // commit) only the commit's first rows in write order, at most that many. Commits read whole before are taken from
    // _committedChanges, and commits read whole here are kept there, when the store filters nothing by tenant for the
    // caller (the kept rows are the commit's every row).
    private async Task<Dictionary<string, List<ChangeRow>>> ChangesOfAsync(
        IObjectQLSession system, ObjectQLContext caller, IReadOnlyList<Record> commits, long firstAfter, int? limit, CancellationToken cancellationToken)
    {
        var byTenant = !caller.IsSystem && caller.TenantId is not null;
        var byCommit = new Dictionary<string, List<ChangeRow>>(commits.Count, StringComparer.Ordinal);
        var unread = new List<Record>(commits.Count);
        foreach (var commit in commits)
        {
            var txId = (string)commit["tx_id"]!;
            if (!byTenant && _committedChanges.TryGet(txId, out var kept))
            {
                var after = ReferenceEquals(commit, commits[0]) ? firstAfter : SyncCheckpoint.WholePosition;
                byCommit[txId] = after == SyncCheckpoint.WholePosition && limit is null ? kept : Slice(kept, after, limit);
            }
            else
            {
                unread.Add(commit);
            }
        }
        if (unread.Count == 0)
        {
            return byCommit;
        }
        var unreadAfter = ReferenceEquals(unread[0], commits[0]) ? firstAfter : SyncCheckpoint.WholePosition;
        // Ranges of the key (ChangeKeys): one per commit, the first from after its ordinal when the round starts inside it.
        // A commit an earlier version wrote is read by its tx_id instead (KeyedCommits), and rekeyed below.
        Filter where = unreadAfter == SyncCheckpoint.WholePosition
            ? KeyedCommits.RowsOf(unread)
            : KeyedCommits.RowsAfter(unread[0], unreadAfter);
        if (unreadAfter != SyncCheckpoint.WholePosition && unread.Count > 1)
        {
            where |= KeyedCommits.RowsOf(unread.Skip(1));
        }
        if (byTenant)
        {
            // Tenant filtering in the store (RFC 6.3): another tenant's rows are never read.
            where &= new Filter.Comparison("tenant_id", FilterOperator.Eq, caller.TenantId) | new Filter.Comparison("tenant_id", FilterOperator.Null, true);
        }
        var query = limit is null
            ? new Query { Where = where, Fields = ChangeRow.Columns }
            // A limit comes with a round of one commit (LogAsync), read in its write order.
            : new Query { Where = where, Fields = ChangeRow.Columns, OrderBy = KeyedCommits.InWriteOrder(unread[0]), Limit = limit };
        var rows = await system.Object(SyncObjects.Change).Entities.FindAsync<ChangeRow>(query, cancellationToken).ConfigureAwait(false);
        var read = new Dictionary<string, List<ChangeRow>>(unread.Count, StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var txId = row.TxId;
            if (!read.TryGetValue(txId, out var list))
            {
                read[txId] = list = [];
            }
            list.Add(row);
        }
        // Read whole: every row of the commit, not only those after an ordinal nor only as many as a limit.
        var partial = unreadAfter == SyncCheckpoint.WholePosition ? null : (string)unread[0]["tx_id"]!;
        foreach (var (txId, list) in read)
        {
            list.Sort(static (a, b) => a.Ordinal.CompareTo(b.Ordinal));
            byCommit[txId] = list;
            if (!byTenant && txId != partial && (limit is not { } most || list.Count < most))
            {
                _committedChanges.Add(txId, list);
            }
        }
        await RekeyEarlierCommitsAsync(unread, cancellationToken).ConfigureAwait(false);
        return byCommit;
    }

    // The commits among these that a server of an earlier version wrote (unmarked, their rows read by tx_id without an
    // index) are rekeyed and marked, each in its own transaction, so later reads find their rows on the key; a warning
    // names each, as that server is still writing to the log (docs/sync-server.md, "Change rows' keys").
    private async Task RekeyEarlierCommitsAsync(List<Record> commits, CancellationToken cancellationToken)
    {
        foreach (var commit in commits)
        {
            if (!KeyedCommits.IsKeyed(commit)
                && await ChangeKeyUpgrade.RekeyCommitAsync(Database, commit, cancellationToken).ConfigureAwait(false) is var rows and > 0)
            {
                SyncServerLog.EarlierVersionWriting(_log.Logger, RowValues.Long(commit["position"]), rows);
            }
        }
    }

    // The rows of a kept commit after an ordinal (all of them after WholePosition, which marks no ordinal), at most a
    // limit of them: what the store's read would have returned.
    private static List<ChangeRow> Slice(List<ChangeRow> rows, long after, int? limit)
    {
        var rest = after == SyncCheckpoint.WholePosition ? rows : rows.Where(r => r.Ordinal > after);
        return (limit is { } most ? rest.Take(most) : rest).ToList();
    }
}
