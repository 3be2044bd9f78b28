using ObjectQL.Metadata;
using ObjectQL.Sync.Configuration;

namespace ObjectQL.Sync.Resolution;

/// <summary>Picks the resolver of an object's <c>sync.strategy</c>.</summary>
public static class ConflictResolverFactory
{
    /// <summary>The resolver for <paramref name="strategy"/>.</summary>
    public static IConflictResolver For(SyncStrategy strategy) => strategy switch
    {
        SyncStrategy.LastWriteWins => LastWriteWinsResolver.Instance,
        SyncStrategy.Crdt => CrdtResolver.Instance,
        SyncStrategy.Manual => ManualResolver.Instance,
        _ => throw ObjectQLException.InvalidRequest($"Unknown sync strategy '{strategy}'.", "sync.strategy", "unknown_strategy"),
    };

    /// <summary>The resolver for an object's configuration; refuses an object that is not synced.</summary>
    public static IConflictResolver For(SyncConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!config.Enabled)
        {
            throw new ObjectQLException(ErrorCodes.Forbidden, $"Object '{config.ObjectName}' does not take part in sync (sync.enabled is not true).",
                [new ErrorDetail("objectName", $"Object '{config.ObjectName}' is not synced.", "sync_disabled")]);
        }
        return For(config.Strategy);
    }
}
