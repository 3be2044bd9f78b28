using System.Text.Json;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Resolution;

namespace ObjectQL.Sync.Tests;

/// <summary>The fixed messages behind the golden files; also the worked examples' building blocks.</summary>
internal static class Samples
{
    public const string ClientA = "0193a5b2-7c4a-7000-8000-00000000000a";
    public const string CreateId = "0193a5b2-7c4a-7d3e-9f10-3b5a2c1d4e01";
    public const string UpdateId = "0193a5b2-7c4a-7d3e-9f10-3b5a2c1d4e02";
    public const string DeleteId = "0193a5b2-7c4a-7d3e-9f10-3b5a2c1d4e03";

    public static Dictionary<string, JsonElement> Json(params (string Field, string Json)[] fields) =>
        fields.ToDictionary(f => f.Field, f => JsonValues.Parse(f.Json), StringComparer.Ordinal);

    public static MutationLogEntry Create => new(
        CreateId, "todo_item", "0193a5b2-0000-7000-8000-000000000001", MutationOperation.Create,
        "2026-11-26T09:30:00.123Z", ClientA, 1, null, "2026-11-26T09:30:00.123Z-00000000-" + ClientA,
        Json(("id", "\"0193a5b2-0000-7000-8000-000000000001\""), ("title", "\"Buy milk\""), ("done", "false"), ("priority", "\"high\"")));

    public static MutationLogEntry Update => new(
        UpdateId, "todo_item", "0193a5b2-0000-7000-8000-000000000002", MutationOperation.Update,
        "2026-11-26T09:30:05.000Z", ClientA, 2, 3, "2026-11-26T09:30:05.000Z-00000000-" + ClientA,
        Json(("done", "true")),
        Json(("done", "false")));

    public static MutationLogEntry Delete => new(
        DeleteId, "todo_item", "0193a5b2-0000-7000-8000-000000000003", MutationOperation.Delete,
        "2026-11-26T09:30:07.500Z", ClientA, 3, 7, "2026-11-26T09:30:07.500Z-00000001-" + ClientA);

    public static SyncPushRequest Request => new(ClientA, 3, "2026-11-26T09:30:08.000Z-00000000-" + ClientA, [Create, Update, Delete], "v1.AAAAAAAAAHs.c2lnbmF0dXJl");

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
        [new ErrorDetail("recordId", "You may not delete todo_item records.", "forbidden")]);

    public static SyncMutationResult RejectedTooLarge => new SyncMutationRejected(
        CreateId, "The record is 1300000 bytes; the server takes at most 1048576 per record.", ErrorCodes.PayloadTooLarge,
        [new ErrorDetail("data", "1300000 bytes, at most 1048576.", "max_record_bytes")]);

    public static SyncMutationResult RejectedExists => new SyncMutationRejected(
        CreateId, "todo_item '0193a5b2-0000-7000-8000-000000000001' already exists; a create never overwrites a record.", ErrorCodes.Conflict,
        [new ErrorDetail("recordId", "todo_item '0193a5b2-0000-7000-8000-000000000001' already exists; a create never overwrites a record.", "already_exists")]);

    public static SyncMutationResult AppliedCrdt => new SyncMutationApplied(
        UpdateId, 5, ApplyOutcome.Accepted, Update.Clock, null,
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["done"] = Update.Clock,
            ["title"] = "2026-11-26T09:29:58.000Z-0000000b-0193a5b2-7c4a-7000-8000-00000000000b",
        });

    public static SyncServerChange ChangeUpdate => new(
        "todo_item", "0193a5b2-0000-7000-8000-000000000004", MutationOperation.Update,
        2, "2026-11-26T09:29:58.000Z", "2026-11-26T09:29:58.000Z-00000000-0193a5b2-7c4a-7000-8000-00000000000b",
        Json(("_version", "2"), ("done", "false"), ("id", "\"0193a5b2-0000-7000-8000-000000000004\""), ("title", "\"Water plants\"")),
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["done"] = "2026-11-26T09:20:00.000Z-00000000-0193a5b2-7c4a-7000-8000-00000000000b",
            ["title"] = "2026-11-26T09:29:58.000Z-00000000-0193a5b2-7c4a-7000-8000-00000000000b",
        });

    public static SyncServerChange ChangeRemove => new(
        "todo_item", "0193a5b2-0000-7000-8000-000000000006", MutationOperation.Remove,
        4, "2026-11-26T09:30:00.000Z", "2026-11-26T09:30:00.000Z-00000000-server-1");

    public static SyncServerChange ChangeDelete => new(
        "todo_item", "0193a5b2-0000-7000-8000-000000000005", MutationOperation.Delete,
        9, "2026-11-26T09:29:59.000Z", "2026-11-26T09:29:59.000Z-00000000-0193a5b2-7c4a-7000-8000-00000000000c");

    public static SyncPushResponse Response => new(
        [AppliedAccepted, ConflictResult, Rejected], [ChangeUpdate, ChangeDelete, ChangeRemove],
        "v1.AAAAAAAAAIA.bmV4dHNpZ25hdHVyZQ", HasMore: true, ResyncRequired: false, "2026-11-26T09:30:08.000Z-00000003-server-1",
        HighestSequence: 3, SyncLimits.Default);

    public static SyncPushResponse ResyncResponse => new(
        [], [], "v1.AAAAAAAAAIE.cmVzeW5j", HasMore: true, ResyncRequired: true, "2026-11-26T09:30:09.000Z-00000000-server-1",
        HighestSequence: 3, SyncLimits.Default, ResyncReason.Permissions);

    public static ErrorBody VersionError => SyncErrorBodies.UnsupportedVersion("2", [1]);

    public static ErrorBody TooManyError => SyncErrorBodies.TooManyMutations(250, 100);

    public static ErrorBody FencedError => SyncErrorBodies.Fenced(3, 4, 57);

    public static ErrorBody SequenceBehindError => SyncErrorBodies.SequenceBehind("$.mutations[0].sequence", 12, 57);
}
