using System.Diagnostics;
using System.Diagnostics.Metrics;
using ObjectQL.Sync.Server.Diagnostics;
using ObjectQL.Sync.Server.Tests.Support;

namespace ObjectQL.Sync.Server.Tests.Server;

/// <summary>The activity source and meter a host wires to its telemetry (System.Diagnostics only).</summary>
[NonParallelizable]
public class ObservabilityTests
{
    [Test]
    public async Task Requests_are_traced_and_mutations_deltas_and_the_head_are_measured()
    {
        var measured = new List<(string Instrument, long Value, string? Outcome)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SyncServerDiagnostics.Name)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? outcome = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "outcome")
                {
                    outcome = tag.Value as string;
                }
            }
            lock (measured)
            {
                measured.Add((instrument.Name, value, outcome));
            }
        });
        listener.Start();
        var activities = new List<string>();
        using var activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SyncServerDiagnostics.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity => { lock (activities) { activities.Add(activity.OperationName); } },
        };
        ActivitySource.AddActivityListener(activityListener);

        await using var harness = await SyncHarness.OpenSqliteAsync();
        var client = new TestClient();
        await client.SyncAsync(harness.Server, client.Create(TestModel.Todo, "m1", ("title", "ok")), client.Create(TestModel.Todo, "m2"));
        await harness.Database.Object(TestModel.Todo).CreateAsync(new Record { ["id"] = "m3", ["title"] = "server" });
        await client.SyncAsync(harness.Server);
        listener.RecordObservableInstruments();

        lock (measured)
        {
            Assert.That(measured.Where(m => m.Instrument == "objectql.sync.mutations").Select(m => m.Outcome), Is.EquivalentTo(new[] { "applied", "rejected" }));
            Assert.That(measured.Where(m => m.Instrument == "objectql.sync.delta.changes").Sum(m => m.Value), Is.EqualTo(2),
                "the first sync's snapshot holds m1, the log then m3");
            Assert.That(measured.Count(m => m.Instrument == "objectql.sync.delta.pages"), Is.EqualTo(2));
            Assert.That(measured.Where(m => m.Instrument == "objectql.sync.head.position").Max(m => m.Value), Is.GreaterThanOrEqualTo(2));
        }
        lock (activities)
        {
            Assert.That(activities.Count(a => a == "sync.request"), Is.EqualTo(2));
        }
    }
}
