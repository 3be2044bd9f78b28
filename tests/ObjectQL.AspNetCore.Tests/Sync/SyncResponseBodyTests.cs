using System.Net;
using System.Text;
using System.Text.Json;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.TestServer;

namespace ObjectQL.AspNetCore.Tests.Sync;

/// <summary>
/// A pull page goes into the response from the pooled segments it was written into: the body must be the whole answer,
/// every change intact and in order, with a Content-Length that matches, across segment boundaries.
/// </summary>
public sealed class SyncResponseBodyTests
{
    private const int SegmentBytes = 64 * 1024;

    [TestCase(false, TestName = "A_log_page_larger_than_a_pooled_segment_arrives_whole_with_its_exact_length")]
    [TestCase(true, TestName = "A_snapshot_page_larger_than_a_pooled_segment_arrives_whole_with_its_exact_length")]
    public async Task A_page_larger_than_a_pooled_segment_arrives_whole_with_its_exact_length(bool snapshot)
    {
        await using var host = await SyncHost.StartAsync();
        var reader = SyncRequests.NewClientId();
        var checkpoint = snapshot ? null : (await PullAsync(host, reader, null)).Page.Checkpoint;
        var writer = SyncRequests.NewClientId();
        var text = new string('x', 1200) + " \"quoted\" \\ tail";
        var mutations = Enumerable.Range(1, 200).Select(i => SyncRequests.CreateNote(writer, i, SyncRequests.NewRecordId(), $"{i} {text}", "alice")).ToArray();
        foreach (var chunk in mutations.Chunk(25))
        {
            using var pushed = await host.PostAsync(SyncRequests.Write(SyncRequests.Push(writer, chunk)));
            Assert.That(pushed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        var (body, length, page) = await PullAsync(host, reader, checkpoint);

        Assert.That(body, Has.Length.GreaterThan(3 * SegmentBytes), "the page spans several pooled segments");
        Assert.That(length, Is.EqualTo(body.Length));
        Assert.That(page.ServerChanges.Select(c => c.Data!["title"].GetString()), Is.EquivalentTo(Enumerable.Range(1, 200).Select(i => $"{i} {text}")));
        // Each change's text as the page wrote it, in order: a segment boundary that lost, doubled or moved a byte breaks one.
        using var sent = JsonDocument.Parse(body);
        var titles = sent.RootElement.GetProperty("serverChanges").EnumerateArray().Select(c => c.GetProperty("data").GetProperty("title").GetString());
        Assert.That(titles, Is.EqualTo(page.ServerChanges.Select(c => c.Data!["title"].GetString())));
        Assert.That(Encoding.UTF8.GetString(body), Does.StartWith("{").And.EndWith("}"));
    }

    private static async Task<(byte[] Body, long? Length, SyncPushResponse Page)> PullAsync(SyncHost host, string clientId, string? checkpoint)
    {
        using var response = await host.PostAsync(SyncRequests.Write(SyncRequests.Push(clientId, [], checkpoint)));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var body = await response.Content.ReadAsByteArrayAsync();
        return (body, response.Content.Headers.ContentLength, SyncJson.ReadResponse(body));
    }
}
