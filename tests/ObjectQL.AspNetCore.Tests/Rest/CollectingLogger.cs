using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ObjectQL.AspNetCore.Tests.Rest;

/// <summary>Keeps what the server logs at Information and above, so tests can read it (and failures show it).</summary>
internal sealed class CollectingLogger : ILoggerProvider, ILogger
{
    public ConcurrentQueue<string> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            Entries.Enqueue($"{logLevel}: {formatter(state, exception)}{(exception is null ? "" : Environment.NewLine + exception)}");
        }
    }

    public void Dispose()
    {
    }
}
