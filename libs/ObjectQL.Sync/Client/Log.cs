using Microsoft.Extensions.Logging;

namespace ObjectQL.Sync.Client;

// The sync client's log messages, source-generated (no boxing, AOT-safe).
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "Sync: pushed {Mutations} mutations, received {Changes} changes (more: {HasMore}).")]
    public static partial void Pushed(ILogger logger, int mutations, int changes, bool hasMore);

    [LoggerMessage(2, LogLevel.Warning, "Sync failed (attempt {Attempt}); retrying in {Delay}.")]
    public static partial void SyncFailed(ILogger logger, int attempt, TimeSpan delay, Exception exception);

    [LoggerMessage(3, LogLevel.Error, "Sync failed {Attempts} times in a row; it runs again on the next local write, reconnect or interval.")]
    public static partial void GaveUp(ILogger logger, int attempts, Exception exception);

    [LoggerMessage(4, LogLevel.Information, "Sync: the server requires a resync ({Reason}); the local copy stays until the new one is complete.")]
    public static partial void Resync(ILogger logger, string reason);

    [LoggerMessage(5, LogLevel.Information, "Sync: the server takes at most {Limit} mutations per request; batches shrink to it.")]
    public static partial void BatchShrunk(ILogger logger, int limit);

    [LoggerMessage(6, LogLevel.Information, "Sync: back online; syncing.")]
    public static partial void Reconnected(ILogger logger);

    [LoggerMessage(7, LogLevel.Error, "Sync: the conflict handler failed for mutation {MutationId}; the conflict stays parked.")]
    public static partial void ConflictHandlerFailed(ILogger logger, string mutationId, Exception exception);

    [LoggerMessage(9, LogLevel.Error, "Sync: the server's change of {ObjectName} '{RecordId}' does not fit this client's schema and was skipped.")]
    public static partial void ChangeSkipped(ILogger logger, string objectName, string recordId, Exception exception);

    [LoggerMessage(8, LogLevel.Error, "Sync: a StatusChanged handler failed.")]
    public static partial void StatusHandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(10, LogLevel.Error, "Sync: the status could not be read from the local store; it shows the last known state.")]
    public static partial void StatusRefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(11, LogLevel.Error, "Sync: another engine took over this local store; this engine stops syncing.")]
    public static partial void LeaseLost(ILogger logger, Exception exception);

    [LoggerMessage(12, LogLevel.Warning, "Sync: the engine's lease on the local store could not be renewed or released now.")]
    public static partial void LeaseRenewalFailed(ILogger logger, Exception exception);

    [LoggerMessage(13, LogLevel.Debug, "Sync: the local store applied {Changes} pulled changes itself.")]
    public static partial void AppliedInStore(ILogger logger, int changes);

    [LoggerMessage(14, LogLevel.Debug, "Sync: the local store left a pulled page to the client: {Reason}.")]
    public static partial void LeftToClient(ILogger logger, string reason);
}
