using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using ObjectQL.AspNetCore.Sync;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.TestServer;

namespace ObjectQL.AspNetCore.Tests.Sync;

/// <summary>The real sync server behind <c>MapObjectQLSync()</c> on Kestrel and a SQLite file: push, pull, binding, retention.</summary>
public sealed class SyncRoundTripTests
{
    [Test]
    public async Task A_push_reaches_another_client_once_first_as_a_snapshot_then_through_the_log_and_never_echoes()
    {
        await using var host = await SyncHost.StartAsync();
        var alice = new SyncClient(host, "alice");
        var bob = new SyncClient(host, "bob");

        var pushed = await alice.SyncAsync("one", "two", "three");
        var first = await bob.PullAllAsync();
        await alice.SyncAsync("four", "five");
        var second = await bob.PullAllAsync();
        var third = await bob.PullAllAsync();
        var echoes = await alice.PullAllAsync();

        Assert.That(pushed.Results, Has.All.InstanceOf<SyncMutationApplied>());
        Assert.That(first.Select(Title), Is.EquivalentTo(new[] { "one", "two", "three" }));
        Assert.That(second.Select(Title), Is.EqualTo(new[] { "four", "five" }), "in commit order, each once");
        Assert.That(second.Select(c => c.Operation), Has.All.EqualTo(MutationOperation.Create));
        Assert.That(third, Is.Empty);
        Assert.That(echoes, Is.Empty, "a client's own writes do not come back to it");
    }

    [Test]
    public async Task A_client_id_used_by_another_principal_is_403_and_writes_nothing()
    {
        await using var host = await SyncHost.StartAsync();
        var clientId = SyncRequests.NewClientId();
        using (var first = await host.PostAsync(SyncRequests.PushOfCreates(1, "alice", clientId), user: "alice"))
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        using var stolen = await host.PostAsync(SyncRequests.PushOfCreates(2, "mallory", clientId), user: "mallory");

        var error = await SyncEndpointRefusalTests.ReadErrorAsync(stolen, HttpStatusCode.Forbidden);
        Assert.That(error.Error.Code, Is.EqualTo(SyncErrorCodes.ClientIdMismatch));
        Assert.That(await host.CountAsync(SyncTestModel.NoteName), Is.EqualTo(1));
    }

    [Test]
    public async Task An_altered_checkpoint_is_400_and_writes_nothing()
    {
        await using var host = await SyncHost.StartAsync();
        var alice = new SyncClient(host, "alice");
        await alice.SyncAsync();
        var altered = alice.Checkpoint![..^2] + (alice.Checkpoint[^2] == 'A' ? "BA" : "AA");
        var request = SyncRequests.Push(alice.ClientId, [SyncRequests.CreateNote(alice.ClientId, 1, SyncRequests.NewRecordId(), "t", "alice")], altered);

        using var response = await host.PostAsync(SyncRequests.Write(request));

        var error = await SyncEndpointRefusalTests.ReadErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.That(error.Error.Code, Is.EqualTo(SyncErrorCodes.InvalidCheckpoint));
        Assert.That(await host.CountAsync(SyncTestModel.NoteName), Is.Zero);
    }

    [Test]
    public async Task The_retention_service_prunes_on_the_servers_clock_and_an_older_checkpoint_must_resync()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var logs = new LogCollector();
        await using var host = await SyncHost.StartAsync(new SyncTestAppOptions
        {
            TimeProvider = time,
            ConfigureServices = services => services
                .Configure<SyncRetentionOptions>(o => o.Interval = TimeSpan.FromDays(1))
                .AddSingleton<ILoggerProvider>(logs)
                .Configure<LoggerFilterOptions>(o => o.MinLevel = LogLevel.Information),
        });
        var alice = new SyncClient(host, "alice");
        var bob = new SyncClient(host, "bob");
        await bob.PullAllAsync();
        var old = bob.Checkpoint;
        await alice.SyncAsync("kept for 30 days");
        await alice.SyncAsync("the newest commit");
        Assert.That(await host.CountAsync("objectql_sync_change"), Is.EqualTo(2));

        var pruned = logs.NextAsync(6106);
        time.Advance(TimeSpan.FromDays(31));
        var message = await pruned;

        // The newest commit stays however old it is: the head is read from it.
        Assert.That(message, Does.Contain("1 changes"));
        Assert.That(await host.CountAsync("objectql_sync_change"), Is.EqualTo(1));
        bob.Checkpoint = old;
        var answer = await bob.SyncAsync();
        Assert.That(answer.ResyncRequired, Is.True);
        Assert.That(answer.ResyncReason, Is.EqualTo(ResyncReason.Retention));
        Assert.That(logs.Events.Where(e => e.Id == 6102).Select(e => e.Message), Has.Some.Contains(bob.ClientId).And.Some.Contains("Retention"));
        var snapshot = answer.ServerChanges.Concat(await bob.PullAllAsync());
        Assert.That(snapshot.Select(Title), Is.EquivalentTo(new[] { "kept for 30 days", "the newest commit" }), "the resync's snapshot holds the records");
    }

    private static string? Title(SyncServerChange change) => change.Data!["title"].GetString();
}
