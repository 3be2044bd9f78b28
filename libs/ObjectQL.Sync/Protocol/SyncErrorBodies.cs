using System.Globalization;
using System.Text.Json;

namespace ObjectQL.Sync.Protocol;

/// <summary>
/// The sync endpoint's error bodies: the core's <see cref="ErrorBody"/> with the members a client needs to recover
/// (<c>supportedVersions</c>, <c>maxMutationsPerRequest</c>, <c>highestSequence</c>, <c>clientEpoch</c>), and typed readers for them.
/// </summary>
public static class SyncErrorBodies
{
    /// <summary>Member naming the protocol versions the server speaks.</summary>
    public const string SupportedVersionsMember = "supportedVersions";

    /// <summary>Member naming the server's batch limit.</summary>
    public const string MaxMutationsMember = "maxMutationsPerRequest";

    /// <summary>Member naming the client's highest processed sequence.</summary>
    public const string HighestSequenceMember = "highestSequence";

    /// <summary>Member naming the client epoch the server holds.</summary>
    public const string ClientEpochMember = "clientEpoch";

    /// <summary>HTTP 400 <see cref="SyncErrorCodes.UnsupportedVersion"/>: the version header is missing or not served.</summary>
    public static ErrorBody UnsupportedVersion(string? sent, IReadOnlyList<int> supported)
    {
        ArgumentNullException.ThrowIfNull(supported);
        var list = string.Join(", ", supported);
        var error = new ObjectQLException(SyncErrorCodes.UnsupportedVersion,
            $"{SyncProtocol.VersionHeader} '{sent}' is not supported; send one of: {list}.",
            [new ErrorDetail(SyncProtocol.VersionHeader, $"Unsupported version '{sent}'.", "unsupported_version")]);
        return ErrorBody.From(error, Members((SupportedVersionsMember, "[" + list.Replace(" ", string.Empty, StringComparison.Ordinal) + "]")));
    }

    /// <summary>HTTP 400 <see cref="ErrorCodes.InvalidRequest"/>: the page-size header is not one integer of 1 or more.</summary>
    public static ErrorBody InvalidPageSize(string? sent) => ErrorBody.From(new ObjectQLException(ErrorCodes.InvalidRequest,
        $"{SyncProtocol.PageSizeHeader} '{sent}' is not a page size: send one integer of 1 or more, or leave the header out for the server's pages.",
        [new ErrorDetail(SyncProtocol.PageSizeHeader, $"Invalid page size '{sent}'.", "invalid_page_size")]));

    /// <summary>HTTP 413 <see cref="ErrorCodes.PayloadTooLarge"/>: the push carries more mutations than the server takes.</summary>
    public static ErrorBody TooManyMutations(int sent, int limit)
    {
        var error = new ObjectQLException(ErrorCodes.PayloadTooLarge,
            $"The push carries {sent} mutations; the server takes at most {limit} per request. Send smaller batches.",
            [new ErrorDetail("$.mutations", $"{sent} mutations, at most {limit}.", "max_mutations_per_request")]);
        return ErrorBody.From(error, Members((MaxMutationsMember, Integer(limit))));
    }

    /// <summary>HTTP 409 <see cref="SyncErrorCodes.ClientFenced"/>: a newer writer holds the client id.</summary>
    public static ErrorBody Fenced(long sentEpoch, long currentEpoch, long highestSequence)
    {
        var error = new ObjectQLException(SyncErrorCodes.ClientFenced,
            $"clientEpoch {sentEpoch} is older than the client's current epoch {currentEpoch}: another writer took over this client id. Take the writer lock, use epoch {currentEpoch + 1}, and number new mutations above {highestSequence}.",
            [new ErrorDetail("$.clientEpoch", "A newer writer holds this client id.", "fenced")]);
        return ErrorBody.From(error, Members((ClientEpochMember, Integer(currentEpoch)), (HighestSequenceMember, Integer(highestSequence))));
    }

    /// <summary>HTTP 409 <see cref="SyncErrorCodes.SequenceBehind"/>: new mutations reuse sequences the server has already processed.</summary>
    public static ErrorBody SequenceBehind(string path, long sent, long highestSequence)
    {
        var error = new ObjectQLException(SyncErrorCodes.SequenceBehind,
            $"Sequence {sent} of a new mutation is at or below {highestSequence}, the highest this client has sent: its counter went back (a restored or copied store). Renumber pending mutations above {highestSequence} and push again; their ids stay.",
            [new ErrorDetail(path, "The client's sequence went back.", "sequence_behind")]);
        return ErrorBody.From(error, Members((HighestSequenceMember, Integer(highestSequence))));
    }

    /// <summary>The <c>supportedVersions</c> of an error body, when present.</summary>
    public static IReadOnlyList<int>? SupportedVersions(ErrorBody body) =>
        Member(body, SupportedVersionsMember) is { ValueKind: JsonValueKind.Array } list ? [.. list.EnumerateArray().Select(v => v.GetInt32())] : null;

    /// <summary>The <c>maxMutationsPerRequest</c> of an error body, when present.</summary>
    public static int? MaxMutationsPerRequest(ErrorBody body) => Member(body, MaxMutationsMember)?.GetInt32();

    /// <summary>The <c>highestSequence</c> of an error body, when present.</summary>
    public static long? HighestSequence(ErrorBody body) => Member(body, HighestSequenceMember)?.GetInt64();

    /// <summary>The <c>clientEpoch</c> of an error body, when present.</summary>
    public static long? ClientEpoch(ErrorBody body) => Member(body, ClientEpochMember)?.GetInt64();

    private static JsonElement? Member(ErrorBody body, string name)
    {
        ArgumentNullException.ThrowIfNull(body);
        return body.Error.Extensions is { } extensions && extensions.TryGetValue(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;
    }

    private static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static Dictionary<string, JsonElement> Members(params (string Name, string Json)[] members) =>
        members.ToDictionary(m => m.Name, m => Resolution.JsonValues.Parse(m.Json), StringComparer.Ordinal);
}
