using System.Globalization;
using System.Text;
using System.Text.Json;
using ObjectQL.Metadata;
using ObjectQL.Sync.Clocks;
using ObjectQL.Values;

namespace ObjectQL.Sync.Protocol;

/// <summary>
/// The rules of the wire messages that JSON typing alone cannot express. Each failure is an
/// <see cref="ErrorCodes.InvalidRequest"/> error whose detail names the member by JSON path, e.g. <c>$.mutations[2].clock</c>.
/// </summary>
public static class SyncWireValidator
{
    private static readonly string[] TimestampFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    /// <summary>Checks a push request: client id, epoch and clock, and every mutation against them.</summary>
    public static SyncPushRequest Validate(SyncPushRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequireUuid(request.ClientId, "$.clientId", "invalid_client_id");
        RequireRange(request.ClientEpoch, 1, "$.clientEpoch");
        RequireClock(request.ClientClock, request.ClientId, "$.clientClock");
        Require(request.LastCheckpoint is null || request.LastCheckpoint.Length is > 0 and <= SyncProtocol.MaxCheckpointLength,
            "$.lastCheckpoint", "invalid_checkpoint",
            $"lastCheckpoint must be null or a checkpoint the server issued (at most {SyncProtocol.MaxCheckpointLength} characters).");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        long previousSequence = 0;
        for (var i = 0; i < request.Mutations.Count; i++)
        {
            // A path is text only when a check fails: a push holds up to a thousand mutations.
            var path = new WirePath("$.mutations", i);
            var mutation = RequireElement(request.Mutations[i], path);
            Validate(mutation, path);
            Require(string.Equals(mutation.ClientId, request.ClientId, StringComparison.Ordinal), path.With("clientId"), "client_mismatch",
                "Every mutation's clientId must equal the request's clientId.");
            if (!ids.Add(mutation.Id))
            {
                Refuse(path.With("id"), "duplicate", $"Mutation id '{mutation.Id}' appears twice in the request.");
            }
            Require(mutation.Sequence > previousSequence, path.With("sequence"), "out_of_order",
                "Mutations must be sent in increasing sequence order.");
            previousSequence = mutation.Sequence;
        }
        return request;
    }

    /// <summary>Checks one mutation; <paramref name="path"/> prefixes the member names in errors.</summary>
    public static MutationLogEntry Validate(MutationLogEntry mutation, string path = "$") => Validate(mutation, new WirePath(path));

    private static MutationLogEntry Validate(MutationLogEntry mutation, WirePath path)
    {
        ArgumentNullException.ThrowIfNull(mutation);
        RequireUuid(mutation.Id, path.With("id"), "invalid_id");
        RequireName(mutation.ObjectName, path.With("objectName"));
        RequireRecordId(mutation.RecordId, path.With("recordId"));
        RequireUuid(mutation.ClientId, path.With("clientId"), "invalid_client_id");
        RequireRange(mutation.Sequence, 1, path.With("sequence"));
        RequireTimestamp(mutation.Timestamp, path.With("timestamp"));
        RequireClock(mutation.Clock, mutation.ClientId, path.With("clock"));
        switch (mutation.Operation)
        {
            case MutationOperation.Create:
                Require(mutation.Data is not null, path.With("data"), "required", "A create carries data.");
                Require(mutation.BaseVersion is null, path.With("baseVersion"), "invalid_value", "A create has baseVersion null.");
                Require(mutation.BaseData is null, path.With("baseData"), "invalid_value", "A create has no baseData.");
                break;
            case MutationOperation.Update:
                Require(mutation.Data is not null && mutation.Data.Keys.Any(k => k != SystemFields.Id), path.With("data"), "required",
                    "An update carries the changed fields in data (id alone changes nothing).");
                Require(mutation.BaseVersion is >= 1, path.With("baseVersion"), "required", "An update carries the baseVersion it was made on (1 or more).");
                break;
            case MutationOperation.Delete:
                Require(mutation.Data is null, path.With("data"), "invalid_value", "A delete carries no data.");
                Require(mutation.BaseData is null, path.With("baseData"), "invalid_value", "A delete carries no baseData.");
                Require(mutation.BaseVersion is >= 1, path.With("baseVersion"), "required", "A delete carries the baseVersion it was made on (1 or more).");
                break;
            default:
                Require(false, path.With("operation"), "invalid_value", "remove is a server change; a mutation is create, update or delete.");
                break;
        }
        if (mutation.BaseVersion is { } baseVersion)
        {
            RequireRange(baseVersion, 1, path.With("baseVersion"));
        }
        if (mutation.Data is not null)
        {
            ValidateData(mutation.Data, mutation.RecordId, path.With("data"));
        }
        if (mutation.BaseData is not null && mutation.Data is not null)
        {
            ValidateData(mutation.BaseData, mutation.RecordId, path.With("baseData"));
            foreach (var field in mutation.BaseData.Keys)
            {
                Require(mutation.Data.ContainsKey(field), path.With("baseData").With(field), "unknown_field",
                    "baseData holds only fields that data changes.");
            }
        }
        return mutation;
    }

    /// <summary>
    /// The server's answer to a mutation whose <c>data</c> is larger than <paramref name="maxRecordBytes"/> bytes of canonical
    /// JSON: its own <c>rejected PAYLOAD_TOO_LARGE</c>, so one oversize record never wedges the queue behind it; null when it fits.
    /// </summary>
    public static SyncMutationRejected? RejectOversize(MutationLogEntry mutation, int maxRecordBytes)
    {
        ArgumentNullException.ThrowIfNull(mutation);
        long size = 2;
        foreach (var (field, value) in mutation.Data ?? new Dictionary<string, JsonElement>())
        {
            size += Encoding.UTF8.GetByteCount(field) + 4 + CanonicalJson.ByteCount(value);
        }
        if (size <= maxRecordBytes)
        {
            return null;
        }
        var message = $"The record is {size} bytes; the server takes at most {maxRecordBytes} per record. Store large content elsewhere and sync a reference.";
        return new SyncMutationRejected(mutation.Id, message, ErrorCodes.PayloadTooLarge, [new ErrorDetail("data", $"{size} bytes, at most {maxRecordBytes}.", "max_record_bytes")]);
    }

    /// <summary>Checks a push response: results, changes, checkpoint, clocks and limits.</summary>
    public static SyncPushResponse Validate(SyncPushResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        for (var i = 0; i < response.Results.Count; i++)
        {
            var at = new WirePath("$.results", i);
            Validate(RequireElement(response.Results[i], at), at);
        }
        var passed = new PassedTexts();
        for (var i = 0; i < response.ServerChanges.Count; i++)
        {
            // A path is text only when a check fails: a page holds hundreds of changes.
            var at = new WirePath("$.serverChanges", i);
            Validate(RequireElement(response.ServerChanges[i], at), at, passed);
        }
        Require(response.Checkpoint is { Length: > 0 and <= SyncProtocol.MaxCheckpointLength }, "$.checkpoint", "invalid_checkpoint",
            $"A checkpoint is 1 to {SyncProtocol.MaxCheckpointLength} characters.");
        HlcTimestamp.Parse(response.ServerClock, "$.serverClock");
        RequireRange(response.HighestSequence, 0, "$.highestSequence");
        Require(response.Limits is { MaxMutationsPerRequest: >= 1, MaxRecordBytes: >= 1, MaxRequestBytes: >= 1 }, "$.limits", "out_of_range",
            "Every limit is 1 or more.");
        Require(response.ResyncRequired == (response.ResyncReason is not null), "$.resyncReason", "invalid_value",
            "resyncReason is present exactly when resyncRequired is true.");
        return response;
    }

    /// <summary>Checks one mutation result.</summary>
    public static SyncMutationResult Validate(SyncMutationResult result, string path = "$") => Validate(result, new WirePath(path));

    // A response holds up to a thousand results: their paths are text only when a check fails.
    private static SyncMutationResult Validate(SyncMutationResult result, WirePath path)
    {
        ArgumentNullException.ThrowIfNull(result);
        RequireUuid(result.MutationId, path.With("mutationId"), "invalid_id");
        switch (result)
        {
            case SyncMutationApplied applied:
                RequireHlc(applied.Clock, path.With("clock"));
                RequireRange(applied.ServerVersion, applied.Outcome == ApplyOutcome.Expired ? 0 : 1, path.With("serverVersion"));
                ValidateClocks(applied.FieldClocks, path.With("fieldClocks"));
                break;
            case SyncMutationRejected rejected:
                Require(rejected.Code.Length > 0, path.With("code"), "required", "A rejection names its error code.");
                RequireElements(rejected.Details, path.With("details"));
                break;
            case SyncMutationConflict conflict:
                Require(conflict.Conflict is not null, path.With("conflict"), "null_not_allowed", "A conflict result carries the conflict.");
                RequireElements(conflict.Conflict!.ConflictingFields, path.With("conflict").With("conflictingFields"));
                break;
        }
        return result;
    }

    /// <summary>Checks one server change.</summary>
    public static SyncServerChange Validate(SyncServerChange change, string path = "$") => Validate(change, new WirePath(path), new PassedTexts());

    private static SyncServerChange Validate(SyncServerChange change, WirePath path, PassedTexts passed)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (!PassedTexts.Same(change.ObjectName, passed.ObjectName))
        {
            RequireName(change.ObjectName, path.With("objectName"));
            passed.ObjectName = change.ObjectName;
        }
        RequireRecordId(change.RecordId, path.With("recordId"));
        RequireRange(change.ServerVersion, 1, path.With("serverVersion"));
        var carriesRecord = change.Operation is MutationOperation.Create or MutationOperation.Update;
        Require(carriesRecord == (change.Data is not null), path.With("data"), "invalid_value",
            "A create or update change carries the full record in data; a delete or remove carries none.");
        if (!PassedTexts.Same(change.Timestamp, passed.Timestamp))
        {
            RequireTimestamp(change.Timestamp, path.With("timestamp"));
            passed.Timestamp = change.Timestamp;
        }
        RequireHlc(change.Clock, path.With("clock"));
        if (change.FieldClocks is { } clocks)
        {
            // A write's fields carry the clock of the change that wrote them: that text has just passed.
            ValidateClocks(clocks, path.With("fieldClocks"), change.Clock);
        }
        return change;
    }

    // The last object name and timestamp that passed in a page: the changes of a page repeat them (one object, one
    // commit's time for hundreds of changes), and the same text passes again without its regular expression or parse.
    private sealed class PassedTexts
    {
        public string? ObjectName;
        public string? Timestamp;

        public static bool Same(string? text, string? passed) => text is not null && string.Equals(text, passed, StringComparison.Ordinal);
    }

    private static void RequireHlc(string text, WirePath path)
    {
        if (!HlcTimestamp.TryParse(text, out _))
        {
            HlcTimestamp.Parse(text, path.ToString());
        }
    }

    // A clock equal to passed is text that has just passed; the path is built only for a clock that fails.
    private static void ValidateClocks(IReadOnlyDictionary<string, string>? clocks, WirePath path, string? passed = null)
    {
        if (clocks is null)
        {
            return;
        }
        foreach (var (field, clock) in clocks)
        {
            if (!string.Equals(clock, passed, StringComparison.Ordinal) && !HlcTimestamp.TryParse(clock, out _))
            {
                HlcTimestamp.Parse(clock, $"{path}.{field}");
            }
        }
    }

    private static void ValidateData(IReadOnlyDictionary<string, JsonElement> data, string recordId, WirePath path)
    {
        foreach (var (field, value) in data)
        {
            var fieldPath = path.With(field);
            RequireName(field, fieldPath);
            if (field != SystemFields.Id && SystemFields.IsSystemField(field))
            {
                Refuse(fieldPath, "system_field", $"{field} is a system field: the server stamps it; a client never sends it (send baseVersion instead of _version).");
            }
            if (field == SystemFields.Id)
            {
                Require(value.ValueKind == JsonValueKind.String && value.GetString() == recordId, fieldPath, "invalid_value",
                    "data.id, when given, equals recordId.");
            }
            RequireWellFormed(value, fieldPath);
        }
    }

    // Lone surrogates and numbers no peer can hold exactly are refused here, before any resolver compares values.
    private static void RequireWellFormed(JsonElement value, WirePath path)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var member in value.EnumerateObject())
                {
                    Require(IsWellFormed(member), path, "invalid_unicode", "A member name holds an unpaired UTF-16 surrogate.");
                    RequireWellFormed(member.Value, path.With(member.Name));
                }
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    RequireWellFormed(item, new WirePath(path.ToString(), i++));
                }
                break;
            case JsonValueKind.String:
                Require(IsWellFormed(value), path, "invalid_unicode", "The text holds an unpaired UTF-16 surrogate.");
                break;
            case JsonValueKind.Number:
                // A number's text is ASCII, so its bytes are its characters. Without an exponent its at most 128 digits
                // put its magnitude within 1e-128 to 1e128: only an exponent needs the canonical form to be checked.
                var utf8 = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(value);
                Require(utf8.Length <= SyncProtocol.MaxNumberLength, path, "number_too_long", NumberLengthRule);
                if (utf8.IndexOfAny((byte)'e', (byte)'E') < 0)
                {
                    break;
                }
                var raw = value.GetRawText();
                var canonical = CanonicalJson.Number(raw);
                var exponent = canonical.IndexOf('e', StringComparison.Ordinal);
                Require(exponent < 0 || Math.Abs(int.Parse(canonical[(exponent + 1)..], CultureInfo.InvariantCulture)) <= 308, path, "number_out_of_range",
                    "A number's magnitude is within 1e-308 to 1e308: no field type holds more.");
                break;
        }
    }

    // Text without escapes in valid UTF-8 holds no surrogate at all; only an escape can spell an unpaired one.
    private static bool IsWellFormed(JsonElement text)
    {
        var raw = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(text);
        if (raw.IndexOf((byte)'\\') < 0 && System.Text.Unicode.Utf8.IsValid(raw))
        {
            return true;
        }
        try
        {
            return IsValidUtf16(text.GetString()!);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool IsWellFormed(JsonProperty member)
    {
        try
        {
            return IsValidUtf16(member.Name);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static T RequireElement<T>(T? element, WirePath path) where T : class
    {
        Require(element is not null, path, "null_not_allowed", "An element of this list cannot be null.");
        return element!;
    }

    private static void RequireElements<T>(IReadOnlyList<T?>? list, WirePath path) where T : class
    {
        for (var i = 0; i < (list?.Count ?? 0); i++)
        {
            if (list![i] is null)
            {
                RequireElement(list[i], new WirePath(path.ToString(), i));
            }
        }
    }

    private static void RequireTimestamp(string text, WirePath path) =>
        Require(text is { Length: <= 40 } && text.Length > 19 && text[10] == 'T' && (text[^1] == 'Z' || text[^6] is '+' or '-')
                && (IsPlainUtcTimestamp(text) || DateTimeOffset.TryParseExact(text, TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out _)),
            path, "invalid_timestamp", "An ISO 8601 date and time with seconds and an offset is expected, e.g. 2026-11-26T09:30:00.123Z.");

    // What clients send (JavaScript's toISOString, .NET's "O" of a UTC time): yyyy-MM-ddTHH:mm:ss, 1 to 7 digits of
    // fraction or none, and Z or +00:00. Checked by hand, without the culture-aware parse; it accepts only texts the
    // formats above accept (a UTC time of a year 1 to 9999 is always in range), and anything else goes to that parse.
    private static bool IsPlainUtcTimestamp(string text)
    {
        var suffix = text.EndsWith('Z') ? 1 : text.EndsWith("+00:00", StringComparison.Ordinal) ? 6 : 0;
        var fraction = text.Length - suffix - 20;
        if (suffix == 0 || text.Length - suffix < 19 || text[4] != '-' || text[7] != '-' || text[13] != ':' || text[16] != ':'
            || (text.Length - suffix > 19 && (text[19] != '.' || fraction is < 1 or > 7)))
        {
            return false;
        }
        if (!Digits(text, 0, 4, out var year) || !Digits(text, 5, 2, out var month) || !Digits(text, 8, 2, out var day)
            || !Digits(text, 11, 2, out var hour) || !Digits(text, 14, 2, out var minute) || !Digits(text, 17, 2, out var second)
            || (fraction > 0 && !Digits(text, 20, fraction, out _)))
        {
            return false;
        }
        return year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month) && hour <= 23 && minute <= 59 && second <= 59;
    }

    private static bool Digits(string text, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                return false;
            }
            value = value * 10 + (text[i] - '0');
        }
        return true;
    }

    private static void RequireClock(string text, string node, WirePath path)
    {
        var clock = HlcTimestamp.TryParse(text, out var parsed) ? parsed : HlcTimestamp.Parse(text, path.ToString());
        Require(string.Equals(clock.Node, node, StringComparison.Ordinal), path, "client_mismatch", "The clock's node must be the clientId.");
    }

    private static void RequireUuid(string? text, WirePath path, string reason) =>
        Require(text is not null && WireText.IsCanonicalUuid(text), path, reason,
            "A UUID in canonical form is expected: 36 lower-case characters, 8-4-4-4-12 hex digits with hyphens (version 7 recommended).");

    private static readonly string NumberLengthRule = $"A number is written in at most {SyncProtocol.MaxNumberLength} characters.";

    private static readonly string NameRule =
        $"A name is 1 to {SyncProtocol.MaxNameLength} letters, digits and underscores, not starting with a digit.";

    private static readonly string RecordIdRule =
        $"A record id is 1 to {SyncProtocol.MaxRecordIdBytes} bytes of UTF-8 text without control characters.";

    private static void RequireName(string? text, WirePath path) =>
        Require(text is { Length: > 0 and <= SyncProtocol.MaxNameLength } && WireText.IsName(text), path, "invalid_name", NameRule);

    private static void RequireRecordId(string? text, WirePath path) =>
        Require(text is { Length: > 0 and <= SyncProtocol.MaxRecordIdBytes } && IsValidUtf16(text) && !HasControl(text)
                && Encoding.UTF8.GetByteCount(text) <= SyncProtocol.MaxRecordIdBytes,
            path, "invalid_record_id", RecordIdRule);

    // char.IsControl's ranges: C0 and DEL with C1.
    private static bool HasControl(string text) => text.AsSpan().IndexOfAnyInRange('\0', '\u001f') >= 0 || text.AsSpan().IndexOfAnyInRange('\u007f', '\u009f') >= 0;

    private static bool IsValidUtf16(string text) => CanonicalValues.IndexOfUnpairedSurrogate(text) < 0;

    private static void RequireRange(long value, long minimum, WirePath path)
    {
        if (value < minimum || value > SyncProtocol.MaxInteger)
        {
            Refuse(path, "out_of_range", $"An integer from {minimum} to {SyncProtocol.MaxInteger} (2^53 - 1) is expected.");
        }
    }

    // The message is built by the caller: one that interpolates values checks its condition itself and calls Refuse, so a
    // check that passes builds no text.
    private static void Require(bool condition, WirePath path, string reason, string message)
    {
        if (!condition)
        {
            Refuse(path, reason, message);
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void Refuse(WirePath path, string reason, string message)
    {
        var text = path.ToString();
        throw ObjectQLException.InvalidRequest($"The sync message is not valid at '{text}': {message}", text, reason);
    }

    // A member's JSON path, put together as text only for an error: checks that pass allocate nothing for it.
    // Two member levels, so a mutation's data field ($.mutations[3].data.title) needs no text either.
    private readonly record struct WirePath(string Parent, int Index = -1, string? Member = null, string? Field = null)
    {
        public static implicit operator WirePath(string path) => new(path);

        public WirePath With(string member) =>
            Member is null ? this with { Member = member } : Field is null ? this with { Field = member } : new WirePath(ToString(), -1, member);

        public override string ToString() =>
            (Index < 0 ? Parent : $"{Parent}[{Index}]") + (Member is null ? "" : "." + Member) + (Field is null ? "" : "." + Field);
    }
}
