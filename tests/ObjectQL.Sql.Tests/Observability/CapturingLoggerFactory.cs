using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ObjectQL.Sql.Tests.Observability;

/// <summary>A logger factory that keeps every entry written at or above <see cref="MinimumLevel"/>.</summary>
internal sealed class CapturingLoggerFactory(LogLevel minimumLevel = LogLevel.Debug) : ILoggerFactory
{
    public LogLevel MinimumLevel { get; } = minimumLevel;

    public ConcurrentQueue<(string Category, LogLevel Level, string Message)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("The capture has no providers.");

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerFactory factory, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= factory.MinimumLevel;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                factory.Entries.Enqueue((category, logLevel, formatter(state, exception)));
            }
        }
    }
}
