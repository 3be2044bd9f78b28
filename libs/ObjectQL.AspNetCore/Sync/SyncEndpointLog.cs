using Microsoft.Extensions.Logging;
using ObjectQL.Sync.Protocol;

namespace ObjectQL.AspNetCore.Sync;

/// <summary>The sync endpoint's log events (category <c>ObjectQL.AspNetCore.Sync.SyncEndpoint</c>), ids 6100-6199.</summary>
internal static partial class SyncEndpointLog
{
    [LoggerMessage(6101, LogLevel.Information, "Sync request refused with {StatusCode} {ErrorCode}: {ErrorMessage}")]
    public static partial void Refused(ILogger logger, int statusCode, string errorCode, string errorMessage);

    [LoggerMessage(6102, LogLevel.Information, "Sync client {ClientId} must resync ({Reason}).")]
    public static partial void ResyncRequired(ILogger logger, string clientId, ResyncReason? reason);

    [LoggerMessage(6103, LogLevel.Error, "Sync request of client {ClientId} failed; answered {StatusCode} {ErrorCode}.")]
    public static partial void Failed(ILogger logger, Exception exception, string? clientId, int statusCode, string errorCode);

    [LoggerMessage(6104, LogLevel.Debug, "Sync request of client {ClientId} abandoned: the caller went away.")]
    public static partial void Abandoned(ILogger logger, string? clientId);

    [LoggerMessage(6105, LogLevel.Information, "Sync request rate-limited; answered 429 with Retry-After {RetryAfterSeconds} s.")]
    public static partial void RateLimited(ILogger logger, long retryAfterSeconds);

    [LoggerMessage(6106, LogLevel.Information, "Sync change log pruned through position {PrunedThrough}: {Commits} commits, {Changes} changes, {Mutations} answers, {Tombstones} tombstones removed.")]
    public static partial void Pruned(ILogger logger, long prunedThrough, long commits, long changes, long mutations, long tombstones);

    [LoggerMessage(6107, LogLevel.Error, "Sync change log pruning failed; the next run comes on schedule.")]
    public static partial void PruneFailed(ILogger logger, Exception exception);
}
