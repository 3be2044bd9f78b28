using System.Text.Json;
using ObjectQL.Sync.Clocks;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Resolution;
using ObjectQL.Sync.TestServer;

namespace ObjectQL.Sync.Benchmarks;

/// <summary>Pushes of <c>sync_note</c> creates by one client, numbered on from where its last push ended.</summary>
public sealed class NotePushes
{
    private readonly string _clientId = Guid.CreateVersion7().ToString();
    private long _sequence;

    /// <summary>
    /// The checkpoint the client sends, as a real client does: the one its last answer carried. Without it every push
    /// would ask for a first sync and pay for a snapshot of the whole table.
    /// </summary>
    public string? Checkpoint { get; set; }

    /// <summary>
    /// The client's first sync, pulled to its end before it pushes, as a real client's start does: a client that pushed
    /// with the snapshot still open would carry a snapshot page in every answer, which no push of a running client pays.
    /// </summary>
    public async Task FirstSyncAsync(Func<SyncPushRequest, Task<SyncPushResponse>> sync)
    {
        do
        {
            var now = DateTimeOffset.UtcNow;
            var answer = await sync(new SyncPushRequest(_clientId, 1, new HlcTimestamp(now.ToUnixTimeMilliseconds(), 0, _clientId).ToString(), [], Checkpoint));
            Checkpoint = answer.Checkpoint;
            if (!answer.HasMore)
            {
                return;
            }
        }
        while (true);
    }

    /// <summary>The rows of the last <see cref="Next"/>, for the raw write of the same rows.</summary>
    public IReadOnlyList<(string Id, string Title, string Body, double Rank)> LastRows { get; private set; } = [];

    public byte[] Next(int count, string writer) => SyncJson.Write(NextRequest(count, writer), SyncJson.Context.SyncPushRequest);

    public SyncPushRequest NextRequest(int count, string writer)
    {
        var now = DateTimeOffset.UtcNow;
        var rows = Enumerable.Range(0, count).Select(i => (Guid.CreateVersion7().ToString(), $"Note {i}", "A body of a few words, as notes have.", (double)i)).ToArray();
        var mutations = rows.Select(row => new MutationLogEntry(
            Guid.CreateVersion7().ToString(), SyncTestModel.NoteName, row.Item1, MutationOperation.Create, now.ToString("O"), _clientId, ++_sequence, null,
            new HlcTimestamp(now.ToUnixTimeMilliseconds(), (uint)_sequence, _clientId).ToString(),
            new Dictionary<string, JsonElement>
            {
                ["id"] = Json(row.Item1),
                ["title"] = Json(row.Item2),
                ["body"] = Json(row.Item3),
                ["writer"] = Json(writer),
                ["rank"] = JsonValues.Parse(row.Item4.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            })).ToArray();
        LastRows = rows;
        return new SyncPushRequest(_clientId, 1, new HlcTimestamp(now.ToUnixTimeMilliseconds(), (uint)_sequence, _clientId).ToString(), mutations, Checkpoint);
    }

    /// <summary>A pull of client <paramref name="clientId"/> from <paramref name="checkpoint"/>.</summary>
    public static byte[] Pull(string clientId, string? checkpoint) => SyncJson.Write(
        new SyncPushRequest(clientId, 1, new HlcTimestamp(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 0, clientId).ToString(), [], checkpoint),
        SyncJson.Context.SyncPushRequest);

    private static JsonElement Json(string value) => JsonValues.Parse("\"" + JsonEncodedText.Encode(value) + "\"");
}
