namespace Server;

/// <summary>
/// The server's console log: one line per entry (<c>info: Category[event] message</c>, the exception on the lines after),
/// written at once to standard output. It stands in for <c>AddConsole()</c>, whose three formatters, their options and
/// its background queue are built at start before the first request can be served; the levels still come from
/// <c>Logging:LogLevel</c>. A deployment that wants JSON or systemd lines adds <c>AddJsonConsole()</c> instead.
/// </summary>
internal sealed class ServerConsoleLoggerProvider : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new ServerConsoleLogger(categoryName);

    public void Dispose()
    {
    }

    private sealed class ServerConsoleLogger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        // The level filter of Logging:LogLevel runs in the logger factory before this logger is asked.
        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }
            var line = $"{Level(logLevel)}: {category}[{eventId.Id}] {formatter(state, exception)}";
            // One write per entry, so lines from concurrent requests never interleave.
            Console.Out.WriteLine(exception is null ? line : line + Environment.NewLine + exception);
        }

        private static string Level(LogLevel level) => level switch
        {
            LogLevel.Trace => "trce",
            LogLevel.Debug => "dbug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "fail",
            _ => "crit",
        };
    }
}
