using System.Text.Json;
using System.Text.Json.Serialization;

namespace ObjectQL.Sync.Protocol;

/// <summary>What became of an applied mutation (an addition to the seed's <c>applied</c> result).</summary>
[JsonConverter(typeof(ApplyOutcomeJsonConverter))]
public enum ApplyOutcome
{
    /// <summary><c>accepted</c>: stored as sent; the client's copy is the server's.</summary>
    Accepted,
    /// <summary><c>merged</c>: combined with concurrent server changes; <c>record</c> holds the stored record.</summary>
    Merged,
    /// <summary><c>superseded</c>: a later write won, nothing of the mutation was stored; <c>record</c> holds the server's record.</summary>
    Superseded,
    /// <summary><c>deleted</c>: the record was deleted by a delete that wins over this write; remove it locally.</summary>
    Deleted,

    /// <summary>
    /// The mutation was processed before its answer expired (its sequence is at or below the client's highest and its id
    /// older than the retention window); the server no longer knows the outcome. The client drops it; the record's state
    /// arrives through the delta or the resync that such a client also gets. <c>serverVersion</c> is 0.
    /// </summary>
    Expired,
}

/// <summary>Reads and writes <see cref="ApplyOutcome"/> as its lower-case name and refuses numbers.</summary>
public sealed class ApplyOutcomeJsonConverter : JsonStringEnumConverter<ApplyOutcome>
{
    /// <summary>Creates the converter.</summary>
    public ApplyOutcomeJsonConverter() : base(JsonNamingPolicy.CamelCase, allowIntegerValues: false)
    {
    }
}
