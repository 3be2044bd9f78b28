namespace ObjectQL.Sync.Server.Checkpoints;

/// <summary>
/// What a checkpoint says, once decoded by the server that issued it: the client holds every change of the log
/// <see cref="LogEpoch"/> up to commit position <see cref="Position"/> and, within that position's transaction, up to
/// change <see cref="Ordinal"/>. Clients never see this form; they hold the signed text of <see cref="CheckpointCodec"/>.
/// </summary>
/// <param name="LogEpoch">The identity of the change log; a new database, or an operator's new epoch, gets a new one.</param>
/// <param name="Position">The last commit position fully or partly delivered.</param>
/// <param name="Ordinal">The last change delivered within <paramref name="Position"/>; <see cref="int.MaxValue"/> when the whole position was delivered.</param>
/// <param name="IssuedAt">When the server issued it; a checkpoint older than the retention window needs a resync.</param>
/// <param name="PositionTag">
/// The random tag the commit at <paramref name="Position"/> was written with (0 for position 0). A database restored from a
/// backup hands the same positions out again to other commits with other tags, which is how the server notices.
/// </param>
/// <param name="PermissionEpoch">A digest of what the caller could read when it was issued (roles, tenant, sharing, policy version).</param>
/// <param name="SchemaEpoch">A digest of the synced objects' schema when it was issued.</param>
/// <param name="SnapshotCursor">
/// During an initial sync or a resync, where the snapshot of current records stands (<c>object</c>, then last record id,
/// separated by <c>\n</c>); <paramref name="Position"/> is then the log position the snapshot started at, from which the log
/// is replayed once the snapshot is done. Null once the client reads the log.
/// </param>
public sealed record SyncCheckpoint(
    Guid LogEpoch,
    long Position,
    int Ordinal,
    DateTimeOffset IssuedAt,
    uint PositionTag = 0,
    ulong PermissionEpoch = 0,
    ulong SchemaEpoch = 0,
    string? SnapshotCursor = null)
{
    /// <summary>The ordinal that marks a position as fully delivered.</summary>
    public const int WholePosition = int.MaxValue;
}

/// <summary>What the server knows now, to judge a checkpoint against (<see cref="CheckpointCodec.Evaluate"/>).</summary>
/// <param name="LogEpoch">The change log's identity.</param>
/// <param name="PrunedThrough">The highest position the retention job has pruned (0 when none).</param>
/// <param name="Head">The log's head position.</param>
/// <param name="TagAtPosition">The tag of the commit at the checkpoint's position (0 for position 0), or null when that commit is not in the log.</param>
/// <param name="PermissionEpoch">The caller's permission digest now.</param>
/// <param name="SchemaEpoch">The schema digest now.</param>
/// <param name="Now">The server's time.</param>
/// <param name="Retention">The retention window.</param>
public sealed record CheckpointContext(
    Guid LogEpoch,
    long PrunedThrough,
    long Head,
    uint? TagAtPosition,
    ulong PermissionEpoch,
    ulong SchemaEpoch,
    DateTimeOffset Now,
    TimeSpan Retention);
