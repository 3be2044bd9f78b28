using System.Diagnostics;

namespace ObjectQL.Observability;

/// <summary>One timed operation of a <see cref="DbInstrumentation"/>: ends its activity and records its duration once.</summary>
internal readonly struct DbOperation(DbInstrumentation instrumentation, Activity? activity, string system, string operation, string? collection, long started)
{
    /// <summary>The time since the operation started.</summary>
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(started);

    /// <summary>Ends the operation as a success.</summary>
    public void Complete() => End(null);

    /// <summary>Ends the operation as failed with <paramref name="exception"/>.</summary>
    public void Fail(Exception exception)
    {
        var errorType = ErrorType(exception);
        if (activity is not null)
        {
            activity.SetTag(DbInstrumentation.ErrorTypeTag, errorType);
            activity.SetStatus(ActivityStatusCode.Error, exception.Message);
            activity.AddException(exception);
        }
        End(errorType);
    }

    /// <summary>
    /// The low-cardinality <c>error.type</c>: the library's error code for its own errors, the exception type otherwise
    /// (cancellation included, so a cancelled call is told apart from a failed one).
    /// </summary>
    public static string ErrorType(Exception exception) =>
        exception is ObjectQLException own ? own.Code : exception.GetType().FullName ?? exception.GetType().Name;

    private void End(string? errorType)
    {
        if (instrumentation.Duration is { Enabled: true } duration)
        {
            var tags = new TagList
            {
                { DbInstrumentation.SystemTag, system },
                { DbInstrumentation.OperationTag, operation },
            };
            if (collection is not null)
            {
                tags.Add(DbInstrumentation.CollectionTag, collection);
            }
            if (errorType is not null)
            {
                tags.Add(DbInstrumentation.ErrorTypeTag, errorType);
            }
            duration.Record(Elapsed.TotalSeconds, tags);
        }
        activity?.Dispose();
    }
}
