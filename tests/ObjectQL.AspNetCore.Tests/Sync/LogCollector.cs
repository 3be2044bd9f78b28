using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ObjectQL.AspNetCore.Tests.Sync;

/// <summary>Collects the log events of ObjectQL's categories, and lets a test await one.</summary>
internal sealed class LogCollector : ILoggerProvider, ILogger
{
    private readonly ConcurrentDictionary<int, TaskCompletionSource<string>> _awaited = new();

    public ConcurrentQueue<(int Id, LogLevel Level, string Message)> Events { get; } = new();

    /// <summary>The message of the first event <paramref name="id"/>, once it is logged (a bound, not a timing).</summary>
    public async Task<string> NextAsync(int id)
    {
        var waiting = _awaited.GetOrAdd(id, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));
        return await waiting.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    public ILogger CreateLogger(string categoryName) =>
        categoryName.StartsWith("ObjectQL.", StringComparison.Ordinal) ? this : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var message = formatter(state, exception);
        Events.Enqueue((eventId.Id, logLevel, message));
        _awaited.GetOrAdd(eventId.Id, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(message);
    }

    public void Dispose() { }
}
