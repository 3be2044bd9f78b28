using Microsoft.Extensions.Logging;

namespace ObjectQL.Sql.Observability;

/// <summary>The SQL driver's log messages, generated at compile time (no formatting work while Debug is off).</summary>
internal static partial class SqlLog
{
    [LoggerMessage(EventId = 1, EventName = "CommandExecuted", Level = LogLevel.Debug,
        Message = "Executed {Operation} on {Table} in {ElapsedMilliseconds} ms ({Executions} execution(s)): {CommandText} [{Parameters}]")]
    public static partial void CommandExecuted(
        ILogger logger, string operation, string table, double elapsedMilliseconds, int executions, string commandText, string parameters);

    [LoggerMessage(EventId = 2, EventName = "CommandFailed", Level = LogLevel.Debug,
        Message = "Failed {Operation} on {Table} after {ElapsedMilliseconds} ms ({ErrorType}): {CommandText} [{Parameters}]")]
    public static partial void CommandFailed(
        ILogger logger, Exception exception, string operation, string table, double elapsedMilliseconds, string errorType, string commandText, string parameters);
}
