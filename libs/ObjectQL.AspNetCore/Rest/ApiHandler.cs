using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ObjectQL.AspNetCore.Rest;

/// <summary>
/// Runs one endpoint's work and turns what it throws into the error body with the status of its code. A failure that is
/// not the caller's is logged with the request's trace id and answered 500 without its message or stack trace. Each
/// request is one activity and one duration measurement (<see cref="ObjectQLHttpTelemetry"/>).
/// </summary>
internal static partial class ApiHandler
{
    private const string Cancelled = "CANCELLED";

    /// <summary>A REST route's work, traced as <c>rest.http</c> and measured in <see cref="ObjectQLHttpTelemetry.RestDurationName"/>.</summary>
    public static Task RunRestAsync(HttpContext http, ObjectQLApiOptions options, string operation, Func<ApiRequest, Task> work) =>
        RunAsync(http, new ApiRequest(http, options, operation), "rest.http", ObjectQLHttpTelemetry.RestDuration, work);

    /// <summary>The RPC endpoint's work, traced as <c>rpc.http</c> and measured in <see cref="ObjectQLHttpTelemetry.RpcDurationName"/>.</summary>
    public static Task RunRpcAsync(HttpContext http, ObjectQLApiOptions options, Func<ApiRequest, Task> work) =>
        RunAsync(http, new ApiRequest(http, options, "unknown"), "rpc.http", ObjectQLHttpTelemetry.RpcDuration, work);

    private static async Task RunAsync(HttpContext http, ApiRequest request, string activityName, Histogram<double> duration, Func<ApiRequest, Task> work)
    {
        var started = Stopwatch.GetTimestamp();
        using var activity = ObjectQLHttpTelemetry.Source.StartActivity(activityName);
        string? errorCode = null;
        try
        {
            errorCode = await AnswerAsync(http, request, work).ConfigureAwait(false);
        }
        finally
        {
            Record(http, request, activity, duration, errorCode, Stopwatch.GetElapsedTime(started));
        }
    }

    // The error code answered, or null when the work answered itself.
    private static async Task<string?> AnswerAsync(HttpContext http, ApiRequest request, Func<ApiRequest, Task> work)
    {
        try
        {
            await work(request).ConfigureAwait(false);
            return null;
        }
        catch (ObjectQLException e) when (ErrorStatus.For(e.Code) >= StatusCodes.Status500InternalServerError)
        {
            // A store's or the server's own failure: its message may name tables, statements or hosts, so it stays in the log.
            LogFailed(Logger(http), e, http.Request.Method, http.Request.Path, http.TraceIdentifier);
            await ObjectQLHttpErrors.WriteAsync(http, StatusCodes.Status500InternalServerError, ObjectQLHttpErrors.Internal(e.Code, http.TraceIdentifier), http.RequestAborted).ConfigureAwait(false);
            return e.Code;
        }
        catch (ObjectQLException e)
        {
            LogRefused(Logger(http), http.Request.Method, http.Request.Path, e.Code, e.Message);
            await ObjectQLHttpErrors.WriteAsync(http, e, http.RequestAborted).ConfigureAwait(false);
            return e.Code;
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The caller went away; there is nobody to answer.
            return Cancelled;
        }
        catch (BadHttpRequestException e)
        {
            // The server refused the body itself (its own size limit, a broken upload).
            var code = e.StatusCode == StatusCodes.Status413PayloadTooLarge ? ErrorCodes.PayloadTooLarge : ErrorCodes.InvalidRequest;
            await ObjectQLHttpErrors.WriteAsync(http, new ObjectQLException(code, $"The request body could not be read: {e.Message}"), http.RequestAborted).ConfigureAwait(false);
            return code;
        }
        catch (Exception e)
        {
            LogFailed(Logger(http), e, http.Request.Method, http.Request.Path, http.TraceIdentifier);
            await ObjectQLHttpErrors.WriteAsync(http, StatusCodes.Status500InternalServerError, ObjectQLHttpErrors.Internal(ErrorCodes.InternalError, http.TraceIdentifier), http.RequestAborted).ConfigureAwait(false);
            return ErrorCodes.InternalError;
        }
    }

    private static void Record(HttpContext http, ApiRequest request, Activity? activity, Histogram<double> duration, string? errorCode, TimeSpan elapsed)
    {
        if (!duration.Enabled && activity is null)
        {
            return;
        }
        // Only names the caller cannot choose become tags: the operation is one of a fixed set, the object one that was served.
        var tags = new TagList
        {
            { "objectql.operation", request.Operation },
            { "http.response.status_code", errorCode == Cancelled ? StatusCodes.Status499ClientClosedRequest : http.Response.StatusCode },
        };
        if (request.ServedObject is { } served)
        {
            tags.Add("db.collection.name", served);
        }
        if (errorCode is not null)
        {
            tags.Add("error.type", errorCode);
        }
        duration.Record(elapsed.TotalSeconds, tags);
        if (activity is not null)
        {
            foreach (var tag in tags)
            {
                activity.SetTag(tag.Key, tag.Value);
            }
            if (errorCode is not null)
            {
                activity.SetStatus(ActivityStatusCode.Error, errorCode);
            }
        }
    }

    private static ILogger Logger(HttpContext http) =>
        http.RequestServices.GetService<ILoggerFactory>()?.CreateLogger("ObjectQL.AspNetCore.Rest") ?? NullLogger.Instance;

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "{Method} {Path} refused with {Code}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string method, PathString path, string code, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "{Method} {Path} failed (trace id {TraceId})")]
    private static partial void LogFailed(ILogger logger, Exception exception, string method, PathString path, string traceId);
}
