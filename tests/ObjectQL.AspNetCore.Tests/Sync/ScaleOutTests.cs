using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Npgsql;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.TestServer;
using ObjectQL.Testing.Postgres;

namespace ObjectQL.AspNetCore.Tests.Sync;

/// <summary>
/// RFC 6.1 over HTTP: two server processes over one PostgreSQL, eight writers pushing to both with every commit held open
/// a random while before and again after it takes its position (so commits interleave, finish out of start order, and
/// hold positions while others take theirs), and a reader pulling continuously from both.
/// </summary>
public sealed class ScaleOutTests
{
    private const int Writers = 8;
    private const int PushesPerWriter = 12;

    [Test]
    public async Task Two_server_processes_over_one_PostgreSQL_deliver_every_committed_change_once_in_commit_order()
    {
        var database = PostgresCluster.CreateDatabase("sync_scale");
        try
        {
            var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            string[] Arguments() => ["--postgres", database, "--checkpoint-key", key, "--commit-delay-ms", "20"];
            // One after the other: the first creates the schema, the second finds it.
            await using var first = await TestServerProcess.StartAsync(Arguments());
            await using var second = await TestServerProcess.StartAsync(Arguments());
            Uri[] servers = [first.Address, second.Address];
            using var http = new HttpClient();

            var reader = new Puller(http, servers);
            await reader.PullAsync(); // the empty snapshot; from here on the log
            var written = new ConcurrentBag<string>();
            var writers = Enumerable.Range(0, Writers).Select(i => WriteAsync(http, servers, $"writer-{i}", i, written)).ToArray();
            var writing = Task.WhenAll(writers);
            while (!writing.IsCompleted)
            {
                await reader.PullAsync();
            }
            await writing;
            await reader.PullAsync();
            await reader.PullAsync();

            var received = reader.Received;
            Assert.That(received, Is.Unique, "a change came twice");
            Assert.That(received, Is.EquivalentTo(written), "the pulls and the committed changes differ");
            Assert.That(received, Is.EqualTo(await CommitOrderAsync(database)), "not in commit order");
            Assert.That(reader.Pulls, Is.GreaterThan(2), "the reader pulled while the writers wrote");
        }
        finally
        {
            PostgresCluster.DropDatabase(database);
        }
    }

    // Each push creates one to three notes on one of the servers, alternating; every applied create is a committed change.
    private static async Task WriteAsync(HttpClient http, Uri[] servers, string user, int writer, ConcurrentBag<string> written)
    {
        var clientId = SyncRequests.NewClientId();
        long sequence = 0;
        string? checkpoint = null;
        for (var push = 0; push < PushesPerWriter; push++)
        {
            var mutations = Enumerable.Range(0, 1 + ((writer + push) % 3))
                .Select(_ => SyncRequests.CreateNote(clientId, ++sequence, SyncRequests.NewRecordId(), $"{user} {push}", user)).ToArray();
            var answer = await Puller.PostAsync(http, servers[(writer + push) % 2], user, SyncRequests.Push(clientId, mutations, checkpoint));
            checkpoint = answer.Checkpoint;
            Assert.That(answer.Results, Has.All.InstanceOf<SyncMutationApplied>());
            foreach (var mutation in mutations)
            {
                written.Add(mutation.RecordId);
            }
        }
    }

    private static async Task<List<string>> CommitOrderAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT c.record_id FROM _objectql_sync_changes c JOIN _objectql_sync_commits m ON m.tx_id = c.tx_id " +
            "WHERE c.object_name = 'sync_note' ORDER BY m.position, c.ordinal", connection);
        await using var rows = await command.ExecuteReaderAsync();
        var order = new List<string>();
        while (await rows.ReadAsync())
        {
            order.Add(rows.GetString(0));
        }
        return order;
    }

    /// <summary>A reader that only pulls, from each server in turn, and keeps every change's record id in arrival order.</summary>
    private sealed class Puller(HttpClient http, Uri[] servers)
    {
        private readonly string _clientId = SyncRequests.NewClientId();
        private string? _checkpoint;

        public List<string> Received { get; } = [];

        public int Pulls { get; private set; }

        public async Task PullAsync()
        {
            SyncPushResponse page;
            do
            {
                page = await PostAsync(http, servers[Pulls++ % 2], "reader", SyncRequests.Push(_clientId, [], _checkpoint));
                Assert.That(page.ResyncRequired, Is.False);
                _checkpoint = page.Checkpoint;
                Received.AddRange(page.ServerChanges.Where(c => c.ObjectName == SyncTestModel.NoteName).Select(c => c.RecordId));
            }
            while (page.HasMore);
        }

        public static async Task<SyncPushResponse> PostAsync(HttpClient http, Uri server, string user, SyncPushRequest request)
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(server, SyncProtocol.DefaultPath)) { Content = SyncHost.Json(SyncRequests.Write(request)) };
            message.Headers.Add(HeaderAuthentication.UserHeader, user);
            message.Headers.Add(HeaderAuthentication.RolesHeader, "member");
            message.Headers.Add(SyncProtocol.VersionHeader, "1");
            using var response = await http.SendAsync(message);
            var body = await response.Content.ReadAsByteArrayAsync();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), System.Text.Encoding.UTF8.GetString(body));
            return SyncJson.ReadResponse(body);
        }
    }
}
