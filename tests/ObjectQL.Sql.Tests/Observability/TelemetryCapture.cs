using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ObjectQL.Sql.Tests.Observability;

/// <summary>Listens to one library's activity source and duration histogram, as a collector would, and keeps what they record.</summary>
internal sealed class TelemetryCapture : IDisposable
{
    private readonly ActivityListener _activities;
    private readonly MeterListener _meters = new();

    public TelemetryCapture(string sourceName, bool traces = true, bool metrics = true)
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = source => traces && source.Name == sourceName,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Activities.Enqueue,
        };
        ActivitySource.AddActivityListener(_activities);
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (metrics && instrument.Meter.Name == sourceName && instrument.Name == ObjectQLTelemetry.OperationDurationName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
            Measurements.Enqueue((instrument.Unit, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        _meters.Start();
    }

    public ConcurrentQueue<Activity> Activities { get; } = new();

    public ConcurrentQueue<(string? Unit, double Seconds, Dictionary<string, object?> Tags)> Measurements { get; } = new();

    public Activity Single(string displayName) => Activities.Single(a => a.DisplayName == displayName);

    public void Dispose()
    {
        _activities.Dispose();
        _meters.Dispose();
    }
}
