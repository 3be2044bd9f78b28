using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ObjectQL.AspNetCore.Rest;

/// <summary>
/// Runs one endpoint's work and turns what it throws into the error body with the status of its code. A failure that is
/// not the caller's is logged with the request's trace id and answered 500 without its message or stack trace.
/// </summary>
internal static partial class ApiHandler
{
    public static async Task RunAsync(HttpContext http, ObjectQLApiOptions options, Func<ApiRequest, Task> work)
    {
        try
        {
            await work(new ApiRequest(http, options)).ConfigureAwait(false);
        }
        catch (ObjectQLException e)
        {
            LogRefused(Logger(http), http.Request.Method, http.Request.Path, e.Code, e.Message);
            await ObjectQLHttpErrors.WriteAsync(http, e, http.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The caller went away; there is nobody to answer.
        }
        catch (BadHttpRequestException e)
        {
            // The server refused the body itself (its own size limit, a broken upload).
            var code = e.StatusCode == StatusCodes.Status413PayloadTooLarge ? ErrorCodes.PayloadTooLarge : ErrorCodes.InvalidRequest;
            await ObjectQLHttpErrors.WriteAsync(http, new ObjectQLException(code, $"The request body could not be read: {e.Message}"), http.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            LogFailed(Logger(http), e, http.Request.Method, http.Request.Path, http.TraceIdentifier);
            await ObjectQLHttpErrors.WriteAsync(http, StatusCodes.Status500InternalServerError, ObjectQLHttpErrors.Internal(http.TraceIdentifier), http.RequestAborted).ConfigureAwait(false);
        }
    }

    private static ILogger Logger(HttpContext http) =>
        http.RequestServices.GetService<ILoggerFactory>()?.CreateLogger("ObjectQL.AspNetCore.Rest") ?? NullLogger.Instance;

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "{Method} {Path} refused with {Code}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string method, PathString path, string code, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "{Method} {Path} failed (trace id {TraceId})")]
    private static partial void LogFailed(ILogger logger, Exception exception, string method, PathString path, string traceId);
}
