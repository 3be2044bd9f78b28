using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using ObjectQL.Observability;

namespace ObjectQL.Sql.Observability;

/// <summary>
/// Runs the driver's statements with an activity, a duration measurement and a Debug log entry each. The driver comes
/// here only when <see cref="IsEnabled"/>; otherwise it calls the executor directly, so an unobserved statement costs one
/// check.
/// </summary>
internal sealed class SqlCommands(ISqlExecutor executor)
{
    // Enough to recognize a statement in a log; a bulk write's full argument list would flood it.
    private const int MaxLoggedValues = 32;
    private const int MaxLoggedText = 100;

    private static readonly DbInstrumentation Instrumentation = new(SqlTelemetry.SourceName);

    private readonly string _system = DbSystemNames.For(executor.Dialect.Name);
    private ILogger? _logger;
    private bool _logValues;
    private bool _recordText;

    public bool IsEnabled => Instrumentation.IsEnabled || _logger is { } logger && logger.IsEnabled(LogLevel.Debug);

    public void Configure(ObjectQLDiagnosticsOptions options)
    {
        _logger = options.LoggerFactory?.CreateLogger(SqlTelemetry.LoggerCategory);
        _logValues = options.LogParameterValues;
        _recordText = options.RecordQueryText;
    }

    public async ValueTask<TResult> QueryAsync<TState, TResult>(
        SqlTable table, SqlStatement statement, TState state, Func<ISqlRowReader, TState, CancellationToken, ValueTask<TResult>> read,
        ISqlTransaction? transaction, CancellationToken cancellationToken)
    {
        var (operation, traced) = Start(table, statement.Text);
        try
        {
            var result = await executor.QueryAsync(statement, state, read, transaction, cancellationToken).ConfigureAwait(false);
            Completed(traced, operation, table, statement.Text, 1, statement.Arguments);
            return result;
        }
        catch (Exception exception)
        {
            Failed(traced, exception, operation, table, statement.Text, statement.Arguments);
            throw;
        }
    }

    public async ValueTask<int[]> ExecuteManyAsync(
        SqlTable table, string sql, int argumentsPerRow, IReadOnlyList<SqlArgument> arguments, ISqlTransaction? transaction, CancellationToken cancellationToken)
    {
        var (operation, traced) = Start(table, sql);
        try
        {
            var result = await executor.ExecuteManyAsync(sql, argumentsPerRow, arguments, transaction, cancellationToken).ConfigureAwait(false);
            Completed(traced, operation, table, sql, result.Length, arguments);
            return result;
        }
        catch (Exception exception)
        {
            Failed(traced, exception, operation, table, sql, arguments);
            throw;
        }
    }

    /// <summary>The statement's verb as OpenTelemetry names it (<c>SELECT</c>, <c>INSERT</c>, ...): its first word, upper case.</summary>
    internal static string OperationOf(string sql)
    {
        var text = sql.AsSpan().TrimStart();
        var end = text.IndexOfAny(" \n\r\t");
        var verb = end < 0 ? text : text[..end];
        foreach (var known in (ReadOnlySpan<string>)["SELECT", "INSERT", "UPDATE", "DELETE", "WITH"])
        {
            if (verb.Equals(known, StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }
        return verb.ToString().ToUpperInvariant();
    }

    private (string Operation, DbOperation Traced) Start(SqlTable table, string sql)
    {
        var operation = OperationOf(sql);
        return (operation, Instrumentation.Start(ActivityKind.Client, _system, operation, table.Definition.StorageName, _recordText ? sql : null));
    }

    private void Completed(DbOperation traced, string operation, SqlTable table, string sql, int executions, IReadOnlyList<SqlArgument> arguments)
    {
        traced.Complete();
        if (_logger is { } logger && logger.IsEnabled(LogLevel.Debug))
        {
            SqlLog.CommandExecuted(logger, operation, table.Definition.StorageName, traced.Elapsed.TotalMilliseconds, executions, sql, Parameters(arguments));
        }
    }

    private void Failed(DbOperation traced, Exception exception, string operation, SqlTable table, string sql, IReadOnlyList<SqlArgument> arguments)
    {
        traced.Fail(exception);
        if (_logger is { } logger && logger.IsEnabled(LogLevel.Debug))
        {
            SqlLog.CommandFailed(logger, exception, operation, table.Definition.StorageName, traced.Elapsed.TotalMilliseconds,
                DbOperation.ErrorType(exception), sql, Parameters(arguments));
        }
    }

    // Values are user data: each shows as "?" unless LogParameterValues is on.
    private string Parameters(IReadOnlyList<SqlArgument> arguments)
    {
        var text = new StringBuilder();
        var shown = Math.Min(arguments.Count, MaxLoggedValues);
        for (var i = 0; i < shown; i++)
        {
            text.Append(i == 0 ? "" : ", ");
            text.Append(_logValues ? Format(arguments[i].Value) : "?");
        }
        if (arguments.Count > shown)
        {
            text.Append(CultureInfo.InvariantCulture, $", ... {arguments.Count - shown} more");
        }
        return text.ToString();
    }

    private static string Format(object? value) => value switch
    {
        null => "NULL",
        string s => s.Length > MaxLoggedText ? $"'{s[..MaxLoggedText]}...' ({s.Length} chars)" : $"'{s}'",
        byte[] bytes => $"<{bytes.Length} bytes>",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
