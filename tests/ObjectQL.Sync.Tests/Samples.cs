using System.Text.Json;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Resolution;

namespace ObjectQL.Sync.Tests;

/// <summary>The fixed messages behind the golden files; also the worked examples' building blocks.</summary>
internal static class Samples
{
    public const string ClientA = "client-a";
    public const string CreateId = "0193a5b2-7c4a-7d3e-9f10-3b5a2c1d4e01";
    public const string UpdateId = "0193a5b2-7c4a-7d3e-9f10-3b5a2c1d4e02";
    public const string DeleteId = "0193a5b2-7c4a-7d3e-9f10-3b5a2c1d4e03";

    public static Dictionary<string, JsonElement> Json(params (string Field, string Json)[] fields) =>
        fields.ToDictionary(f => f.Field, f => JsonValues.Parse(f.Json), StringComparer.Ordinal);

    public static MutationLogEntry Create => new(
        CreateId, "todo_item", "0193a5b2-0000-7000-8000-000000000001", MutationOperation.Create,
        "2026-11-26T09:30:00.123Z", ClientA, 1, null, "2026-11-26T09:30:00.123Z-00000000-client-a",
        Json(("id", "\"0193a5b2-0000-7000-8000-000000000001\""), ("title", "\"Buy milk\""), ("done", "false"), ("priority", "\"high\"")));

    public static MutationLogEntry Update => new(
        UpdateId, "todo_item", "0193a5b2-0000-7000-8000-000000000002", MutationOperation.Update,
        "2026-11-26T09:30:05.000Z", ClientA, 2, 3, "2026-11-26T09:30:05.000Z-00000000-client-a",
        Json(("done", "true")),
        Json(("done", "false")));

    public static MutationLogEntry Delete => new(
        DeleteId, "todo_item", "0193a5b2-0000-7000-8000-000000000003", MutationOperation.Delete,
        "2026-11-26T09:30:07.500Z", ClientA, 3, 7, "2026-11-26T09:30:07.500Z-00000001-client-a");

    public static SyncPushRequest Request => new(ClientA, [Create, Update, Delete], "v1.AAAAAAAAAHs.c2lnbmF0dXJl");

    public static SyncMutationResult AppliedAccepted => new SyncMutationApplied(CreateId, 1, ApplyOutcome.Accepted, Create.Clock);

    public static SyncMutationResult AppliedMerged => new SyncMutationApplied(
        UpdateId, 5, ApplyOutcome.Merged, Update.Clock,
        Json(("_version", "5"), ("done", "true"), ("id", "\"0193a5b2-0000-7000-8000-000000000002\""), ("priority", "\"low\""), ("title", "\"Call Bob\"")));

    public static SyncConflict Conflict => new(
        "todo_item", Update.RecordId, Update,
        Json(("_version", "4"), ("done", "false"), ("id", "\"0193a5b2-0000-7000-8000-000000000002\""), ("title", "\"Call Robert\"")),
        ["title"],
        4,
        Json(("_version", "4"), ("done", "true"), ("id", "\"0193a5b2-0000-7000-8000-000000000002\""), ("title", "\"Call Robert\"")));

    public static SyncMutationResult ConflictResult => new SyncMutationConflict(UpdateId, Conflict);

    public static SyncMutationResult Rejected => new SyncMutationRejected(
        DeleteId, "You may not delete todo_item records.", ErrorCodes.Forbidden,
        [new SyncErrorDetail("recordId", "You may not delete todo_item records.", "forbidden")]);

    public static SyncServerChange ChangeUpdate => new(
        "todo_item", "0193a5b2-0000-7000-8000-000000000004", MutationOperation.Update,
        2, "2026-11-26T09:29:58.000Z", "2026-11-26T09:29:58.000Z-00000000-client-b",
        Json(("_version", "2"), ("done", "false"), ("id", "\"0193a5b2-0000-7000-8000-000000000004\""), ("title", "\"Water plants\"")),
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["done"] = "2026-11-26T09:20:00.000Z-00000000-client-b",
            ["title"] = "2026-11-26T09:29:58.000Z-00000000-client-b",
        });

    public static SyncServerChange ChangeDelete => new(
        "todo_item", "0193a5b2-0000-7000-8000-000000000005", MutationOperation.Delete,
        9, "2026-11-26T09:29:59.000Z", "2026-11-26T09:29:59.000Z-00000000-client-c");

    public static SyncPushResponse Response => new(
        [AppliedAccepted, ConflictResult, Rejected], [ChangeUpdate, ChangeDelete],
        "v1.AAAAAAAAAIA.bmV4dHNpZ25hdHVyZQ", HasMore: true, ResyncRequired: false, "2026-11-26T09:30:08.000Z-00000003-server-1");

    public static SyncErrorResponse VersionError => new(new SyncError(
        SyncErrorCodes.UnsupportedVersion,
        "X-ObjectQL-Sync-Version '2' is not supported; send one of: 1.",
        [new SyncErrorDetail("X-ObjectQL-Sync-Version", "Unsupported version '2'.", "unsupported_version")],
        SupportedVersions: [1]));

    public static SyncErrorResponse TooManyError => new(new SyncError(
        ErrorCodes.PayloadTooLarge,
        "The push carries 250 mutations; the server takes at most 100 per request. Send smaller batches.",
        [new SyncErrorDetail("mutations", "250 mutations, at most 100.", "max_mutations_per_request")],
        MaxMutationsPerRequest: 100));
}
