using Microsoft.Extensions.Logging;

namespace ObjectQL;

/// <summary>
/// What a database's drivers may reveal about their work (<see cref="ObjectQLOptions.Diagnostics"/>): where statements are
/// logged and whether values and statement text leave the process. Everything that could carry user data is off by default.
/// </summary>
public sealed record ObjectQLDiagnosticsOptions
{
    /// <summary>
    /// Where drivers log their statements (the SQL driver: category <c>ObjectQL.Sql</c>, each statement at
    /// <see cref="LogLevel.Debug"/>). Null logs nothing; <c>AddObjectQL</c> fills in the host's factory.
    /// </summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>
    /// Whether logged statements show their parameter values; false (the default) writes <c>?</c> for each, because values
    /// are user data. Switch it on for local debugging only.
    /// </summary>
    public bool LogParameterValues { get; init; }

    /// <summary>
    /// Whether command activities carry the statement text as <c>db.query.text</c> (parameterized: placeholders, never
    /// values). Off by default, so the shape of the schema stays out of traces unless asked for.
    /// </summary>
    public bool RecordQueryText { get; init; }
}
