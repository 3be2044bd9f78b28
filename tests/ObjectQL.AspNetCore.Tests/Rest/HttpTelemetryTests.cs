using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using ObjectQL.AspNetCore.Sync;

namespace ObjectQL.AspNetCore.Tests.Rest;

/// <summary>The REST and RPC endpoints' traces and metrics, read back through System.Diagnostics listeners.</summary>
[NonParallelizable] // listens on the process-wide meter and activity source
public sealed class HttpTelemetryTests
{
    private sealed record Measurement(string Instrument, IReadOnlyDictionary<string, object?> Tags);

    [Test]
    public async Task Rest_and_rpc_requests_are_measured_and_traced_under_the_sync_endpoints_source()
    {
        Assert.That(ObjectQLHttpTelemetry.Name, Is.EqualTo(SyncEndpointDiagnostics.Name), "one source and meter for every endpoint");
        var measurements = new ConcurrentQueue<Measurement>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == ObjectQLHttpTelemetry.Name)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<double>((instrument, _, tags, _) => measurements.Enqueue(new Measurement(instrument.Name, ToDictionary(tags))));
        meters.Start();
        var activities = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ObjectQLHttpTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var server = await RestServer.StartAsync();

        Assert.That((await server.PostAsync("/api/data/item", """{"title":"Milk"}""")).Status, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await server.GetAsync("/api/data/item")).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await server.GetAsync("/api/data/item/missing")).Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await server.GetAsync("/api/data/no_such_object")).Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await server.GetAsync("/api/data/item", user: null)).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await server.PostAsync("/api/objectql", """{"op":"count","object":"item","args":{}}""")).Status, Is.EqualTo(HttpStatusCode.OK));

        var rest = measurements.Where(m => m.Instrument == ObjectQLHttpTelemetry.RestDurationName).Select(Describe);
        Assert.That(rest, Is.EqualTo(new[]
        {
            "create item 201 -", "list item 200 -", "get item 404 NOT_FOUND", "list - 404 NOT_FOUND", "list - 401 UNAUTHORIZED",
        }));
        var rpc = measurements.Where(m => m.Instrument == ObjectQLHttpTelemetry.RpcDurationName).Select(Describe);
        Assert.That(rpc, Is.EqualTo(new[] { "count item 200 -" }));
        Assert.That(activities.Where(a => a.OperationName == "rest.http").Select(a => Describe(a.TagObjects)), Is.EqualTo(rest));
        var rpcActivity = activities.Single(a => a.OperationName == "rpc.http");
        Assert.That(Describe(rpcActivity.TagObjects), Is.EqualTo("count item 200 -"));
        Assert.That(activities.Single(a => Describe(a.TagObjects) == "get item 404 NOT_FOUND").Status, Is.EqualTo(ActivityStatusCode.Error));
    }

    private static IReadOnlyDictionary<string, object?> ToDictionary(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var dictionary = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            dictionary[tag.Key] = tag.Value;
        }
        return dictionary;
    }

    private static string Describe(Measurement measurement) => Describe(measurement.Tags);

    private static string Describe(IEnumerable<KeyValuePair<string, object?>> tags)
    {
        var found = tags.ToDictionary(t => t.Key, t => t.Value);
        return $"{found["objectql.operation"]} {found.GetValueOrDefault("db.collection.name") ?? "-"} {found["http.response.status_code"]} {found.GetValueOrDefault("error.type") ?? "-"}";
    }
}
