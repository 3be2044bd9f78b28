using System.Net;
using ObjectQL.Sync.Protocol;

namespace ObjectQL.AspNetCore.Tests.Sync;

/// <summary>One sync client of one user against a <see cref="SyncHost"/>: its id, its sequence, its checkpoint.</summary>
internal sealed class SyncClient(SyncHost host, string user)
{
    private long _sequence;

    public string ClientId { get; } = SyncRequests.NewClientId();

    public string? Checkpoint { get; set; }

    /// <summary>Pushes creates of notes with these titles (none: only pulls); keeps the returned checkpoint.</summary>
    public async Task<SyncPushResponse> SyncAsync(params string[] titles)
    {
        var mutations = titles.Select(title => SyncRequests.CreateNote(ClientId, ++_sequence, SyncRequests.NewRecordId(), title, user)).ToArray();
        using var response = await host.PostAsync(SyncRequests.Write(SyncRequests.Push(ClientId, mutations, Checkpoint)), user);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), System.Text.Encoding.UTF8.GetString(body));
        var answer = SyncJson.ReadResponse(body);
        Checkpoint = answer.Checkpoint;
        return answer;
    }

    /// <summary>Pulls until nothing more waits (at most <paramref name="maxPages"/> pages); the changes in the order they came.</summary>
    public async Task<List<SyncServerChange>> PullAllAsync(int maxPages = 100)
    {
        var changes = new List<SyncServerChange>();
        for (var pages = 1; ; pages++)
        {
            var page = await SyncAsync();
            changes.AddRange(page.ServerChanges);
            if (!page.HasMore)
            {
                return changes;
            }
            Assert.That(pages, Is.LessThan(maxPages), $"still hasMore after {pages} pages; the last: resyncRequired={page.ResyncRequired} reason={page.ResyncReason} changes={page.ServerChanges.Count}");
        }
    }
}
