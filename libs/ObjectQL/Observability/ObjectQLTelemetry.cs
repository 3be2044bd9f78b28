namespace ObjectQL;

/// <summary>
/// The names under which the core publishes its traces and metrics, for wiring them into a collector:
/// <c>tracing.AddSource(ObjectQLTelemetry.SourceName)</c>, <c>metrics.AddMeter(ObjectQLTelemetry.SourceName)</c>.
/// Each repository operation is one activity named <c>{operation} {object}</c> and one measurement of the
/// <see cref="OperationDurationName"/> histogram, tagged after the OpenTelemetry database conventions
/// (<c>db.system.name</c>, <c>db.operation.name</c>, <c>db.collection.name</c>, <c>error.type</c>). Nothing is recorded,
/// and nothing costs, while no listener is attached. docs/observability.md lists every name and tag.
/// </summary>
public static class ObjectQLTelemetry
{
    /// <summary>The name of the core's <see cref="System.Diagnostics.ActivitySource"/> and <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public const string SourceName = "ObjectQL";

    /// <summary>The duration histogram every instrumented library records, in seconds (OpenTelemetry's name for it).</summary>
    public const string OperationDurationName = "db.client.operation.duration";
}
