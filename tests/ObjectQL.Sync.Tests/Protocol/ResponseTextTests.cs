using System.Text.Json;
using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Tests.Protocol;

/// <summary>
/// A push response's text (results written apart from the serializer, changes spliced in) is byte for byte what the
/// serializer writes for the same response, for every kind of result and for texts the encoder escapes.
/// </summary>
public sealed class ResponseTextTests
{
    private const string Clock = "2026-12-05T21:00:00.000Z-0000001a-device-1";

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    private static SyncPushResponse Response(IReadOnlyList<SyncMutationResult> results, IReadOnlyList<SyncServerChange>? changes = null) =>
        new(results, changes ?? [], "checkpoint", HasMore: false, ResyncRequired: false, Clock, HighestSequence: 7, SyncLimits.Default);

    private static IReadOnlyList<SyncMutationResult> EveryKind() =>
    [
        new SyncMutationApplied("m-1", 1, ApplyOutcome.Accepted, Clock),
        new SyncMutationApplied("m-<2>&'\"é\u2028", 3, ApplyOutcome.Merged, Clock,
            new Dictionary<string, JsonElement> { ["id"] = Json("\"r-1\""), ["title"] = Json("\"<b>\"") }),
        new SyncMutationApplied("m-3", 4, ApplyOutcome.Superseded, Clock + "\\x"),
        new SyncMutationApplied("m-4", 5, ApplyOutcome.Deleted, Clock),
        new SyncMutationApplied("m-5", 0, ApplyOutcome.Expired, Clock),
        new SyncMutationApplied("m-6", 2, ApplyOutcome.Accepted, Clock, FieldClocks: new Dictionary<string, string> { ["title"] = Clock }),
        new SyncMutationRejected("m-7", "Title is required.", ErrorCodes.ValidationError, [new ErrorDetail("title", "Required.", "required")]),
        new SyncMutationRejected("m-8", "No such object.", ErrorCodes.NotFound),
        new SyncMutationConflict("m-9", new SyncConflict("note", "r-9",
            new MutationLogEntry("m-9", "note", "r-9", MutationOperation.Update, "2026-12-05T21:00:00.000Z", "device-1", 9, 1, Clock,
                new Dictionary<string, JsonElement> { ["title"] = Json("\"a\"") }),
            new Dictionary<string, JsonElement> { ["title"] = Json("\"b\"") }, ["title"], 2)),
    ];

    [Test]
    public void Every_kind_of_result_is_written_as_the_serializer_writes_it()
    {
        var response = Response(EveryKind());
        Assert.That(SyncJson.Write(response, SyncJson.Context.SyncPushResponse),
            Is.EqualTo(JsonSerializer.SerializeToUtf8Bytes(response, SyncJson.Context.SyncPushResponse)));
    }

    [Test]
    public void A_response_without_results_and_one_of_a_thousand_are_written_as_the_serializer_writes_them()
    {
        var thousand = Enumerable.Range(0, 1000)
            .Select(i => (SyncMutationResult)new SyncMutationApplied($"m-{i}", i + 1, ApplyOutcome.Accepted, Clock)).ToArray();
        foreach (var response in new[] { Response([]), Response(thousand) })
        {
            Assert.That(SyncJson.Write(response, SyncJson.Context.SyncPushResponse),
                Is.EqualTo(JsonSerializer.SerializeToUtf8Bytes(response, SyncJson.Context.SyncPushResponse)));
        }
    }

    [Test]
    public void The_text_reads_back_as_the_response()
    {
        var response = Response(EveryKind());
        var read = SyncJson.Read(SyncJson.Write(response, SyncJson.Context.SyncPushResponse), SyncJson.Context.SyncPushResponse);
        Assert.That(read.Results.Select(r => r.MutationId), Is.EqualTo(response.Results.Select(r => r.MutationId)));
        Assert.That(read.Results[0], Is.EqualTo(response.Results[0]));
    }
}
