using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;

namespace ObjectQL.Observability;

/// <summary>
/// One library's activity source and duration histogram, named and tagged after the OpenTelemetry database conventions.
/// Callers ask <see cref="IsEnabled"/> first and skip all work while nobody listens.
/// </summary>
internal sealed class DbInstrumentation
{
    public const string SystemTag = "db.system.name";
    public const string OperationTag = "db.operation.name";
    public const string CollectionTag = "db.collection.name";
    public const string QueryTextTag = "db.query.text";
    public const string ErrorTypeTag = "error.type";

    // The buckets OpenTelemetry advises for db.client.operation.duration.
    private static readonly double[] DurationBuckets = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10];

    private const string MetricsSwitch = "System.Diagnostics.Metrics.Meter.IsSupported";

    public DbInstrumentation(string name)
    {
        var version = typeof(DbInstrumentation).Assembly.GetName().Version?.ToString();
        Source = new ActivitySource(name, version);
        if (MetricsSupported)
        {
            Meter = new Meter(name, version);
            Duration = Meter.CreateHistogram(ObjectQLTelemetry.OperationDurationName, "s", "Duration of database client operations.",
                tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        }
    }

    public ActivitySource Source { get; }

    /// <summary>Null in an app published without metrics support, where no listener could ever receive a measurement.</summary>
    public Meter? Meter { get; }

    /// <summary>Null with <see cref="Meter"/>.</summary>
    public Histogram<double>? Duration { get; }

    /// <summary>True when an activity listener or a histogram listener is attached.</summary>
    public bool IsEnabled => Source.HasListeners() || Duration is { Enabled: true };

    // The runtime's own switch (MetricsSupport in the project file; the WebAssembly SDK turns it off): declared as a
    // feature switch, so the trimmer removes the meter code of an app that turns it off, and its start-up, which runs
    // in the interpreter there, does not build meters and histograms nobody can listen to.
    [FeatureSwitchDefinition(MetricsSwitch)]
    private static bool MetricsSupported { get; } = !AppContext.TryGetSwitch(MetricsSwitch, out var supported) || supported;

    /// <summary>Starts timing one operation; <paramref name="kind"/> is Client for a store round trip, Internal otherwise.</summary>
    public DbOperation Start(ActivityKind kind, string system, string operation, string? collection, string? queryText = null)
    {
        var activity = Source.HasListeners()
            ? Source.StartActivity(collection is null ? operation : string.Concat(operation, " ", collection), kind)
            : null;
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(SystemTag, system);
            activity.SetTag(OperationTag, operation);
            if (collection is not null)
            {
                activity.SetTag(CollectionTag, collection);
            }
            if (queryText is not null)
            {
                activity.SetTag(QueryTextTag, queryText);
            }
        }
        return new DbOperation(this, activity, system, operation, collection, Stopwatch.GetTimestamp());
    }
}
