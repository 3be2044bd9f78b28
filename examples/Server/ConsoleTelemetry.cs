using System.Diagnostics;
using System.Diagnostics.Metrics;
using ObjectQL;
using ObjectQL.AspNetCore;
using ObjectQL.Sql;

namespace Server;

/// <summary>
/// A collector-free look at ObjectQL's traces and metrics (<c>Server:ConsoleTelemetry=true</c>): every finished
/// HTTP request, repository operation and SQL command is logged with its duration and tags, the way an OpenTelemetry exporter would
/// receive them. A real deployment wires the same source names into OpenTelemetry instead (docs/observability.md).
/// </summary>
internal sealed class ConsoleTelemetry(ILogger<ConsoleTelemetry> logger) : IHostedService, IDisposable
{
    private static readonly string[] Sources = [ObjectQLHttpTelemetry.Name, ObjectQLTelemetry.SourceName, SqlTelemetry.SourceName];

    private ActivityListener? _activities;
    private MeterListener? _meters;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = static source => Sources.Contains(source.Name),
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => logger.LogInformation("trace {Source} {Name} {Milliseconds:0.###} ms {Status} {Tags}",
                activity.Source.Name, activity.DisplayName, activity.Duration.TotalMilliseconds, activity.Status,
                string.Join(' ', activity.TagObjects.Select(static t => $"{t.Key}={t.Value}"))),
        };
        ActivitySource.AddActivityListener(_activities);
        _meters = new MeterListener
        {
            InstrumentPublished = static (instrument, listener) =>
            {
                if (Sources.Contains(instrument.Meter.Name))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
            logger.LogDebug("metric {Meter} {Instrument} {Value} {Unit}", instrument.Meter.Name, instrument.Name, value, instrument.Unit));
        _meters.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _activities?.Dispose();
        _meters?.Dispose();
        _activities = null;
        _meters = null;
    }
}
