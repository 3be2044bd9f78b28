using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ObjectQL.AspNetCore;

/// <summary>
/// The HTTP endpoints' traces and metrics, with System.Diagnostics only (no OpenTelemetry dependency): the REST routes,
/// the RPC endpoint and the sync endpoint all report under one <see cref="ActivitySource"/> and one <see cref="Meter"/>
/// named <see cref="Name"/>, so <c>AddSource(Name)</c> and <c>AddMeter(Name)</c> collect all three (docs/observability.md).
/// The pipeline's own operations and SQL commands come from the <c>ObjectQL</c> and <c>ObjectQL.Sql</c> sources inside them.
/// </summary>
public static class ObjectQLHttpTelemetry
{
    /// <summary>The name of the <see cref="ActivitySource"/> and the <see cref="Meter"/>: the library's.</summary>
    public const string Name = "ObjectQL.AspNetCore";

    /// <summary>The histogram of REST request durations in seconds; its count is the number of requests.</summary>
    public const string RestDurationName = "objectql.rest.http.duration";

    /// <summary>The histogram of RPC request durations in seconds; its count is the number of requests.</summary>
    public const string RpcDurationName = "objectql.rpc.http.duration";

    /// <summary>The histogram of sync request durations in seconds (the sync endpoint's other instruments: docs/observability.md).</summary>
    public const string SyncDurationName = "objectql.sync.http.duration";

    internal static readonly ActivitySource Source = new(Name);

    internal static readonly Meter Meter = new(Name);

    // The boundaries OpenTelemetry advises for HTTP server durations, 5 ms to 10 s.
    private static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    internal static readonly Histogram<double> RestDuration = Duration(RestDurationName, "REST request");

    internal static readonly Histogram<double> RpcDuration = Duration(RpcDurationName, "RPC request");

    internal static Histogram<double> Duration(string name, string what) => Meter.CreateHistogram(name, "s",
        $"Time from the start of a {what} to its last response byte, by operation, object and status code.",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
}
