namespace ObjectQL.Sql;

/// <summary>
/// The names under which the SQL driver publishes each statement it runs for the pipeline: one activity (kind Client,
/// named <c>{SELECT|INSERT|UPDATE|DELETE} {table}</c>), one <see cref="ObjectQLTelemetry.OperationDurationName"/>
/// measurement, and one log entry at Debug in category <see cref="LoggerCategory"/> when
/// <see cref="ObjectQLDiagnosticsOptions.LoggerFactory"/> is set. Schema sync at open is not recorded.
/// </summary>
public static class SqlTelemetry
{
    /// <summary>The name of the SQL driver's <see cref="System.Diagnostics.ActivitySource"/> and <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public const string SourceName = "ObjectQL.Sql";

    /// <summary>The logger category of statement logging.</summary>
    public const string LoggerCategory = "ObjectQL.Sql";
}
