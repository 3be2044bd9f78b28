namespace ObjectQL.Sync.Server;

/// <summary>What one <see cref="SyncServer.PruneAsync"/> run removed.</summary>
/// <param name="PrunedThrough">The highest commit position pruned so far (0 when none); checkpoints at or below it get a resync.</param>
/// <param name="Commits">Commit rows removed.</param>
/// <param name="Changes">Change-log rows removed.</param>
/// <param name="Mutations">Idempotency answers removed.</param>
/// <param name="Tombstones">Tombstones of deleted records removed.</param>
public sealed record SyncPruneResult(long PrunedThrough, long Commits, long Changes, long Mutations, long Tombstones);
