using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ObjectQL.AspNetCore.Sync;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Server.Handling;
using ObjectQL.Sync.TestServer;

namespace ObjectQL.AspNetCore.Tests.Sync;

/// <summary>The endpoint's traces, metrics and log events, read back through System.Diagnostics and ILogger.</summary>
[NonParallelizable] // listens on the process-wide meter and activity source
public sealed class SyncEndpointDiagnosticsTests
{
    [Test]
    public async Task Pushes_and_refusals_are_measured_traced_and_logged()
    {
        var measurements = new ConcurrentQueue<(string Instrument, double Value, int Status, string? Code)>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == SyncEndpointDiagnostics.Name)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => measurements.Enqueue((instrument.Name, value, Status(tags), Code(tags))));
        meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => measurements.Enqueue((instrument.Name, value, Status(tags), Code(tags))));
        meters.Start();
        var activities = new ConcurrentQueue<Activity>();
        using var source = new ActivityListener
        {
            ShouldListenTo = s => s.Name == SyncEndpointDiagnostics.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(source);
        var logs = new LogCollector();
        var handler = new StubSyncHandler((request, _) => StubSyncHandler.Applied(request) with { ResyncRequired = true, ResyncReason = ResyncReason.Retention });
        await using var host = await SyncHost.StartAsync(new SyncTestAppOptions
        {
            ConfigureServices = services => services
                .AddSingleton<ISyncRequestHandler>(handler)
                .AddSingleton<ILoggerProvider>(logs)
                .Configure<LoggerFilterOptions>(options => options.MinLevel = LogLevel.Information),
        });
        var push = SyncRequests.PushOfCreates(4);

        using (var served = await host.PostAsync(push))
        {
            Assert.That((int)served.StatusCode, Is.EqualTo(200));
        }
        using (var refused = await host.PostAsync(push, version: "9"))
        {
            Assert.That((int)refused.StatusCode, Is.EqualTo(400));
        }
        meters.RecordObservableInstruments();

        Assert.That(measurements.Where(m => m.Instrument == "objectql.sync.http.request.size" && m.Status == 200).Select(m => m.Value), Is.EqualTo(new double[] { push.Length }));
        Assert.That(measurements.Where(m => m.Instrument == "objectql.sync.http.request.size" && m.Status == 400).Select(m => m.Value), Is.EqualTo(new double[] { 0 }));
        Assert.That(measurements.Single(m => m.Instrument == "objectql.sync.http.response.size" && m.Status == 200).Value, Is.GreaterThan(0));
        Assert.That(measurements.Count(m => m.Instrument == "objectql.sync.http.duration"), Is.EqualTo(2));
        Assert.That(measurements.Single(m => m.Instrument == "objectql.sync.http.refusals").Code, Is.EqualTo(SyncErrorCodes.UnsupportedVersion));
        var traced = activities.Where(a => a.OperationName == "sync.http").ToArray();
        Assert.That(traced.Select(a => a.GetTagItem("http.response.status_code")), Is.EquivalentTo(new object[] { 200, 400 }));
        Assert.That(traced.Single(a => (int)a.GetTagItem("http.response.status_code")! == 200).GetTagItem("objectql.sync.mutations"), Is.EqualTo(4));
        Assert.That(logs.Events.Select(e => e.Id), Is.SupersetOf(new[] { 6101, 6102 }), string.Join("\n", logs.Events));
        Assert.That(logs.Events.Single(e => e.Id == 6102).Message, Does.Contain("Retention"));
    }

    private static int Status(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "http.response.status_code")
            {
                return (int)tag.Value!;
            }
        }
        return 0;
    }

    private static string? Code(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "objectql.error.code")
            {
                return (string?)tag.Value;
            }
        }
        return null;
    }
}
