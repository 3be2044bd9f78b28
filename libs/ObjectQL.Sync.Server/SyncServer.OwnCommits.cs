using ObjectQL.Sync.Server.Checkpoints;
using ObjectQL.Sync.Server.Storage;

namespace ObjectQL.Sync.Server;

public sealed partial class SyncServer
{
    // RFC 6.4: a client's own changes are not sent back to it. When the positions after a whole-commit checkpoint up to
    // the settled one are exactly the request's own commits, one after another, each holding only the rows of its own
    // mutations, the log holds nothing there for the caller: the delta is empty and ends at the last of them, and the log
    // is not read. Any other writer in between (a commit, one still in flight, a hole left by a rollback) breaks the run
    // of positions, and the log is read as usual. Null when the log must be read; without a settled position (serial
    // positions) the log is always read.
    private static SyncCheckpoint? OnlyOwnCommitsSince(SyncCheckpoint checkpoint, long? settled, IReadOnlyList<OwnCommit> own)
    {
        if (settled is not { } bound || checkpoint.Ordinal != SyncCheckpoint.WholePosition)
        {
            return null;
        }
        var (position, tag) = (checkpoint.Position, checkpoint.PositionTag);
        foreach (var commit in own)
        {
            if (commit.Position != position + 1 || !commit.OnlyOwnRows)
            {
                return null;
            }
            (position, tag) = (commit.Position, commit.Tag);
        }
        return position == bound ? checkpoint with { Position = position, PositionTag = tag } : null;
    }

    // The request's own commits after the checkpoint that hold only its own rows: a page skips them whole.
    private static int OwnCommitsAfter(IReadOnlyList<OwnCommit> own, SyncCheckpoint checkpoint)
    {
        var count = 0;
        foreach (var commit in own)
        {
            count += commit.OnlyOwnRows && commit.Position > checkpoint.Position ? 1 : 0;
        }
        return count;
    }
}
