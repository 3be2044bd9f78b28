using System.Text;
using System.Text.Json;
using ObjectQL.Sync.Clocks;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Resolution;
using ObjectQL.Sync.TestServer;

namespace ObjectQL.AspNetCore.Tests.Sync;

/// <summary>Valid sync wire messages for the tests, built from the protocol's own types and written by its own writer.</summary>
internal static class SyncRequests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    public static string NewClientId() => Guid.CreateVersion7().ToString();

    public static string NewRecordId() => Guid.CreateVersion7().ToString();

    public static string Clock(string clientId, int step) => new HlcTimestamp(Start.AddSeconds(step).ToUnixTimeMilliseconds(), 0, clientId).ToString();

    /// <summary>A create of a <c>sync_note</c> by <paramref name="writer"/>.</summary>
    public static MutationLogEntry CreateNote(string clientId, long sequence, string recordId, string title, string writer) => new(
        Guid.CreateVersion7().ToString(), SyncTestModel.NoteName, recordId, MutationOperation.Create, Start.AddSeconds(sequence).ToString("O"),
        clientId, sequence, null, Clock(clientId, (int)sequence),
        new Dictionary<string, JsonElement>
        {
            ["id"] = JsonValues.Parse(JsonString(recordId)),
            ["title"] = JsonValues.Parse(JsonString(title)),
            ["writer"] = JsonValues.Parse(JsonString(writer)),
        });

    public static SyncPushRequest Push(string clientId, IReadOnlyList<MutationLogEntry> mutations, string? checkpoint = null) =>
        new(clientId, 1, Clock(clientId, 100_000), mutations, checkpoint);

    /// <summary>A push of <paramref name="count"/> creates by a new client, as wire bytes.</summary>
    public static byte[] PushOfCreates(int count, string writer = "alice", string? clientId = null)
    {
        clientId ??= NewClientId();
        var mutations = Enumerable.Range(1, count).Select(i => CreateNote(clientId, i, NewRecordId(), $"Note {i}", writer)).ToArray();
        return Write(Push(clientId, mutations));
    }

    public static byte[] Write(SyncPushRequest request) => SyncJson.Write(request, SyncJson.Context.SyncPushRequest);

    private static string JsonString(string value) => "\"" + JsonEncodedText.Encode(value) + "\"";

    public static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);
}
