using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ObjectQL.AspNetCore.Sync;

/// <summary>
/// The HTTP side of sync as traces and metrics, with System.Diagnostics only (no OpenTelemetry dependency): subscribe to
/// <see cref="Name"/> with <c>AddSource</c> and <c>AddMeter</c>. The protocol's own figures (mutations applied, conflicts,
/// delta sizes, the head) come from the sync server's source and meter, <c>ObjectQL.Sync.Server</c>. The source and meter
/// are the ones the REST and RPC endpoints report under too (<see cref="ObjectQLHttpTelemetry"/>).
/// </summary>
public static class SyncEndpointDiagnostics
{
    /// <summary>The name of the <see cref="ActivitySource"/> and the <see cref="Meter"/>: the library's.</summary>
    public const string Name = ObjectQLHttpTelemetry.Name;

    internal static readonly ActivitySource Source = ObjectQLHttpTelemetry.Source;

    internal static readonly Meter Meter = ObjectQLHttpTelemetry.Meter;

    internal static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        ObjectQLHttpTelemetry.SyncDurationName, "s", "Time from the start of a sync request to its last response byte, per status code.");

    internal static readonly Histogram<long> RequestSize = Meter.CreateHistogram<long>(
        "objectql.sync.http.request.size", "By", "Bytes of sync request bodies read (a refused body counts what was read).");

    internal static readonly Histogram<long> ResponseSize = Meter.CreateHistogram<long>(
        "objectql.sync.http.response.size", "By", "Bytes of sync response bodies written, error bodies included.");

    internal static readonly Counter<long> Refusals = Meter.CreateCounter<long>(
        "objectql.sync.http.refusals", "{request}", "Sync requests refused whole, by status code and error code.");
}
