using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ObjectQL.AspNetCore.Sync;

/// <summary>
/// The HTTP side of sync as traces and metrics, with System.Diagnostics only (no OpenTelemetry dependency): subscribe to
/// <see cref="Name"/> with <c>AddSource</c> and <c>AddMeter</c>. The protocol's own figures (mutations applied, conflicts,
/// delta sizes, the head) come from the sync server's source and meter, <c>ObjectQL.Sync.Server</c>.
/// </summary>
public static class SyncEndpointDiagnostics
{
    /// <summary>The name of the <see cref="ActivitySource"/> and the <see cref="Meter"/>: the library's.</summary>
    public const string Name = "ObjectQL.AspNetCore";

    internal static readonly ActivitySource Source = new(Name);

    internal static readonly Meter Meter = new(Name);

    internal static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "objectql.sync.http.duration", "s", "Time from the start of a sync request to its last response byte, per status code.");

    internal static readonly Histogram<long> RequestSize = Meter.CreateHistogram<long>(
        "objectql.sync.http.request.size", "By", "Bytes of sync request bodies read (a refused body counts what was read).");

    internal static readonly Histogram<long> ResponseSize = Meter.CreateHistogram<long>(
        "objectql.sync.http.response.size", "By", "Bytes of sync response bodies written, error bodies included.");

    internal static readonly Counter<long> Refusals = Meter.CreateCounter<long>(
        "objectql.sync.http.refusals", "{request}", "Sync requests refused whole, by status code and error code.");
}
