namespace ObjectQL.Sync.Checkpoints;

/// <summary>
/// What a checkpoint says, once decoded by the server that issued it: the client holds every change of the log
/// <see cref="LogEpoch"/> up to commit position <see cref="Position"/> and, within that position's transaction, up to
/// change <see cref="Ordinal"/>. Clients never see this form; they hold the signed text of <see cref="CheckpointCodec"/>.
/// </summary>
/// <param name="LogEpoch">The identity of the change log; a restored or recreated database gets a new one.</param>
/// <param name="Position">The last commit position fully or partly delivered.</param>
/// <param name="Ordinal">The last change delivered within <paramref name="Position"/>; <see cref="int.MaxValue"/> when the whole position was delivered.</param>
/// <param name="IssuedAt">When the server issued it; a checkpoint older than the retention window needs a resync.</param>
/// <param name="SnapshotCursor">
/// During an initial sync or a resync, where the snapshot of current records stands (<c>object</c>, then last record id,
/// separated by <c>\n</c>); <paramref name="Position"/> is then the log position the snapshot started at, from which the log
/// is replayed once the snapshot is done. Null once the client reads the log.
/// </param>
public sealed record SyncCheckpoint(Guid LogEpoch, long Position, int Ordinal, DateTimeOffset IssuedAt, string? SnapshotCursor = null)
{
    /// <summary>The ordinal that marks a position as fully delivered.</summary>
    public const int WholePosition = int.MaxValue;
}

/// <summary>What the server does with a checkpoint a client sent.</summary>
public enum CheckpointVerdict
{
    /// <summary>Continue from it.</summary>
    Valid,
    /// <summary>Answer with <c>resyncRequired</c>: the checkpoint is honest but unusable (too old, pruned, another log, a retired key).</summary>
    ResyncRequired,
}
