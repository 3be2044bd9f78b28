using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Time.Testing;
using ObjectQL.Sync.Client;
using ObjectQL.Sync.EndToEnd.Tests.Infrastructure;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Server.Configuration;
using ObjectQL.Sync.TestServer;

namespace ObjectQL.Sync.EndToEnd.Tests;

/// <summary>
/// What the sync client fixes or reports by itself, against the real <c>POST /api/sync</c>: rejections parked while
/// the rest flows, the server's 413, a resync that keeps pending writes, and the retry limit.
/// </summary>
public sealed class ClientRecoveryTests
{
    private Workspace _workspace = null!;

    [SetUp]
    public void CreateWorkspace() => _workspace = new Workspace();

    [TearDown]
    public void DeleteWorkspace() => _workspace.Dispose();

    [Test]
    public async Task A_mutation_the_server_rejects_is_parked_and_reported_while_later_ones_flow()
    {
        await using var server = await ServerHost.StartAsync();
        // A rule only the server has (a newer server than the app): titles starting with "spam" are refused.
        server.Database.Hooks.Before(HookOperation.Create, SyncTestModel.NoteName, (context, _) =>
            context.Data?["title"] is string title && title.StartsWith("spam", StringComparison.Ordinal)
                ? throw new ObjectQLException(ErrorCodes.ValidationError, "Spam is refused.", [new ErrorDetail("title", "Looks like spam.", "spam")])
                : ValueTask.CompletedTask);
        await using var phone = await Device.OpenAsync(server.Address, _workspace.File("phone.db"), new DeviceOptions { StartOffline = true });
        var spam = await phone.Notes.CreateAsync(new Record { ["title"] = "spam offer" });
        var first = await phone.Notes.CreateAsync(new Record { ["title"] = "first real note" });
        var second = await phone.Notes.CreateAsync(new Record { ["title"] = "second real note" });

        await phone.SyncAsync();

        var parked = phone.Client.Status.Parked.Single();
        Assert.That((parked.Kind, parked.RecordId, parked.Code, parked.Details.Single().Field), Is.EqualTo((ParkedKind.Rejected, spam.Id, ErrorCodes.ValidationError, "title")));
        Assert.That(phone.Client.Status.PendingCount, Is.Zero);
        var notes = server.Database.System.Object(SyncTestModel.NoteName);
        Assert.That(await notes.FindOneAsync(first.Id!), Is.Not.Null);
        Assert.That(await notes.FindOneAsync(second.Id!), Is.Not.Null);
        Assert.That(await notes.FindOneAsync(spam.Id!), Is.Null);

        var third = await phone.Notes.CreateAsync(new Record { ["title"] = "written after the rejection" });
        await phone.SyncAsync();
        Assert.That(await notes.FindOneAsync(third.Id!), Is.Not.Null, "the queue is not wedged");

        await phone.Client.DiscardAsync(parked.MutationId);
        await phone.SyncAsync();
        Assert.That(phone.Client.Status.Parked, Is.Empty);
    }

    [Test]
    public async Task The_servers_413_for_too_many_mutations_shrinks_the_batch_and_everything_arrives_once()
    {
        var refused = 0;
        await using var server = await ServerHost.StartAsync(new SyncTestAppOptions
        {
            Endpoint = new SyncEndpointConfig { MaxMutationsPerRequest = 5 },
            ConfigurePipeline = app => app.Use(async (context, next) =>
            {
                await next(context);
                if (context.Response.StatusCode == 413)
                {
                    Interlocked.Increment(ref refused);
                }
            }),
        });
        await using var phone = await Device.OpenAsync(server.Address, _workspace.File("phone.db"), new DeviceOptions { StartOffline = true });
        var ids = new List<string>();
        for (var i = 0; i < 23; i++)
        {
            ids.Add((await phone.Notes.CreateAsync(new Record { ["title"] = $"note {i}", ["rank"] = i })).Id!);
        }

        await phone.SettleAsync();

        Assert.That(refused, Is.GreaterThan(0), "the first batch was over the server's limit");
        Assert.That(await server.Database.System.Object(SyncTestModel.NoteName).CountAsync(), Is.EqualTo(23));
        await ServerLog.AssertAppliedAtMostOnceAsync(server.Database);
        Assert.That(phone.Client.Status.Parked, Is.Empty);
        await Replicas.AssertEqualAsync(server, phone);
    }

    [Test]
    public async Task The_servers_413_for_a_body_over_its_byte_limit_shrinks_the_batch_and_everything_arrives_once()
    {
        var refused = 0;
        await using var server = await ServerHost.StartAsync(new SyncTestAppOptions
        {
            Endpoint = new SyncEndpointConfig { MaxRecordBytes = 4096, MaxRequestBytes = 16 * 1024 },
            ConfigurePipeline = app => app.Use(async (context, next) =>
            {
                await next(context);
                if (context.Response.StatusCode == 413)
                {
                    Interlocked.Increment(ref refused);
                }
            }),
        });
        await using var phone = await Device.OpenAsync(server.Address, _workspace.File("phone.db"), new DeviceOptions { StartOffline = true });
        for (var i = 0; i < 30; i++)
        {
            await phone.Notes.CreateAsync(new Record { ["title"] = $"long note {i}", ["body"] = new string((char)('a' + (i % 26)), 2000) });
        }

        await phone.SettleAsync();

        Assert.That(refused, Is.GreaterThan(0), "the first batch was over the server's byte limit");
        Assert.That(await server.Database.System.Object(SyncTestModel.NoteName).CountAsync(), Is.EqualTo(30));
        await ServerLog.AssertAppliedAtMostOnceAsync(server.Database);
        await Replicas.AssertEqualAsync(server, phone);
    }

    [Test]
    public async Task A_checkpoint_of_another_database_triggers_a_full_download_that_keeps_pending_local_writes()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        await using var first = await ServerHost.StartAsync(new SyncTestAppOptions { CheckpointKey = key });
        await using var second = await ServerHost.StartAsync(new SyncTestAppOptions { CheckpointKey = key });
        var old = await first.Database.System.Object(SyncTestModel.NoteName).CreateAsync(new Record { ["title"] = "only in the first database" });
        var fresh = await second.Database.System.Object(SyncTestModel.NoteName).CreateAsync(new Record { ["title"] = "only in the second database" });
        await using var proxy = new FaultProxy(first.Address);
        await using var phone = await Device.OpenAsync(proxy.Address, _workspace.File("phone.db"));
        await phone.SyncAsync();
        Assert.That(await phone.Notes.FindOneAsync(old.Id!), Is.Not.Null);

        phone.GoOffline();
        var pending = await phone.Notes.CreateAsync(new Record { ["title"] = "written offline" });
        proxy.Upstream = second.Address;
        await phone.SettleAsync();

        Assert.That(phone.Client.Status.LastResyncReason, Is.EqualTo(ResyncReason.Epoch));
        Assert.That(await phone.Notes.FindOneAsync(old.Id!), Is.Null, "the other database's record is gone");
        Assert.That(await phone.Notes.FindOneAsync(fresh.Id!), Is.Not.Null, "the new database's record arrived");
        Assert.That((await phone.Notes.FindOneAsync(pending.Id!))?["title"], Is.EqualTo("written offline"), "the pending write survived the resync");
        Assert.That((await second.Database.System.Object(SyncTestModel.NoteName).FindOneAsync(pending.Id!))?["title"], Is.EqualTo("written offline"));
        await Replicas.AssertEqualAsync(second, phone);
    }

    [Test]
    public async Task A_checkpoint_the_server_pruned_past_triggers_a_full_download_that_keeps_pending_local_writes()
    {
        var world = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await ServerHost.StartAsync(new SyncTestAppOptions { TimeProvider = world });
        var devices = new DeviceOptions { TimeProvider = new OffsetTime(world, TimeSpan.Zero) };
        await using var phone = await Device.OpenAsync(server.Address, _workspace.File("phone.db"), devices);
        await using var laptop = await Device.OpenAsync(server.Address, _workspace.File("laptop.db"), devices);
        await phone.SyncAsync();
        phone.GoOffline();
        var pending = await phone.Notes.CreateAsync(new Record { ["title"] = "offline for a month" });
        var written = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            written.Add((await laptop.Notes.CreateAsync(new Record { ["title"] = $"laptop {i}" })).Id!);
        }
        await laptop.SyncAsync();

        // The server's retention service runs on its clock too; either it or this call prunes the month-old log.
        world.Advance(TimeSpan.FromDays(31));
        // A newer commit, so the month-old one is not the head (the newest commit always stays).
        written.Add((await laptop.Notes.CreateAsync(new Record { ["title"] = "a month later" })).Id!);
        await laptop.SyncAsync();
        await server.Sync.PruneAsync();
        await Eventually.HoldsAsync(async () => (await server.Database.System.Object("objectql_sync_state").FindAsync(Querying.Query.All)).Any(r => r["pruned_through"] is double p && p > 0),
            () => "the change log was not pruned");
        await phone.SettleAsync();

        Assert.That(phone.Client.Status.LastResyncReason, Is.EqualTo(ResyncReason.Retention));
        foreach (var id in written)
        {
            Assert.That(await phone.Notes.FindOneAsync(id), Is.Not.Null, "the laptop's notes arrive in the snapshot");
        }
        Assert.That((await server.Database.System.Object(SyncTestModel.NoteName).FindOneAsync(pending.Id!))?["title"], Is.EqualTo("offline for a month"));
        await laptop.SyncAsync();
        await Replicas.AssertEqualAsync(server, phone, laptop);
    }

    [Test]
    public async Task After_the_retry_limit_the_client_reports_and_syncs_again_on_the_next_local_write()
    {
        await using var server = await ServerHost.StartAsync();
        await using var proxy = new FaultProxy(server.Address) { Down = true };
        await using var phone = await Device.OpenAsync(proxy.Address, _workspace.File("phone.db"), new DeviceOptions { MaxRetries = 2 });
        var first = await phone.Notes.CreateAsync(new Record { ["title"] = "while the server is down" });

        await Eventually.HoldsAsync(() => phone.Client.Status is { ConsecutiveFailures: > 2, NextRetryAt: null },
            () => $"status {phone.Client.Status}");
        var gaveUp = phone.Client.Status;
        Assert.That(gaveUp.LastError, Is.Not.Null);
        Assert.That(gaveUp.Activity, Is.AnyOf(SyncActivity.Offline, SyncActivity.Error));
        Assert.That(gaveUp.PendingCount, Is.EqualTo(1));

        proxy.Down = false;
        var second = await phone.Notes.CreateAsync(new Record { ["title"] = "the next write is the trigger" });
        var notes = server.Database.System.Object(SyncTestModel.NoteName);
        await Eventually.HoldsAsync(async () => await notes.FindOneAsync(first.Id!) is not null && await notes.FindOneAsync(second.Id!) is not null,
            () => $"status {phone.Client.Status}");
        await Eventually.HoldsAsync(() => phone.Client.Status is { PendingCount: 0, LastError: null }, () => $"status {phone.Client.Status}");
    }
}
