using Microsoft.Extensions.Logging;

namespace ObjectQL.Changes;

// Where a post-commit handler's failure goes when the application's callback did not take it: the database's logger
// (ObjectQLDiagnosticsOptions.LoggerFactory, which AddObjectQL fills in with the host's), else standard error, which a
// server writes to its console and a browser to its developer console. Never nowhere: a failure nobody sees is the one
// that costs days.
internal static partial class ChangeHandlerFailureLog
{
    /// <summary>The log category of change handler failures.</summary>
    public const string Category = "ObjectQL.Changes";

    public static void Write(ChangeHandlerFailure failure, ILoggerFactory? loggers)
    {
        if (loggers is not null)
        {
            HandlerFailed(loggers.CreateLogger(Category), failure.Change.Operation, failure.Change.ObjectName, failure.Change.Id, failure.Exception);
            return;
        }
        Console.Error.WriteLine(
            $"ObjectQL: a change handler failed after commit ({failure.Change.Operation} {failure.Change.ObjectName} '{failure.Change.Id}'): {failure.Exception}");
    }

    public static void WriteCallbackFailure(Exception callbackError, ILoggerFactory? loggers)
    {
        if (loggers is not null)
        {
            CallbackFailed(loggers.CreateLogger(Category), callbackError);
            return;
        }
        Console.Error.WriteLine($"ObjectQL: OnChangeHandlerError threw {callbackError}");
    }

    [LoggerMessage(1, LogLevel.Error, "A change handler failed after commit ({Operation} {ObjectName} '{RecordId}'); the write is committed.")]
    private static partial void HandlerFailed(ILogger logger, ChangeOperation operation, string objectName, string recordId, Exception exception);

    [LoggerMessage(2, LogLevel.Error, "OnChangeHandlerError threw while reporting a change handler's failure.")]
    private static partial void CallbackFailed(ILogger logger, Exception exception);
}
