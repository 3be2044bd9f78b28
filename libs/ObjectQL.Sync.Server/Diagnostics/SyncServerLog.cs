using Microsoft.Extensions.Logging;

namespace ObjectQL.Sync.Server.Diagnostics;

/// <summary>The sync server's log messages, source-generated (no formatting work while the level is off).</summary>
internal static partial class SyncServerLog
{
    /// <summary>The log category of the sync server's messages.</summary>
    public const string Category = "ObjectQL.Sync.Server";

    [LoggerMessage(EventId = 1, EventName = "EarlierVersionWriting", Level = LogLevel.Warning,
        Message = "Commit {Position} of the sync log was written by a server of an earlier version, which is still writing to this log: " +
            "its {Rows} change rows were read without an index and rekeyed. Stop the servers of earlier versions once this version serves.")]
    public static partial void EarlierVersionWriting(ILogger logger, long position, int rows);
}
