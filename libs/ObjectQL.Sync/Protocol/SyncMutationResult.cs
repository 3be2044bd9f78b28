using System.Text.Json;
using System.Text.Json.Serialization;

namespace ObjectQL.Sync.Protocol;

/// <summary>
/// The outcome of one pushed mutation, told apart by <c>status</c>: <c>applied</c>, <c>conflict</c> or <c>rejected</c>.
/// Every result carries the <see cref="MutationId"/> it answers (addition); clients match results by it, never by position.
/// </summary>
/// <param name="MutationId">The id of the mutation this result answers.</param>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "status")]
[JsonDerivedType(typeof(SyncMutationApplied), "applied")]
[JsonDerivedType(typeof(SyncMutationConflict), "conflict")]
[JsonDerivedType(typeof(SyncMutationRejected), "rejected")]
public abstract record SyncMutationResult([property: JsonPropertyOrder(-1)] string MutationId);

/// <summary>The mutation was processed and acknowledged; the client removes it from its log.</summary>
/// <param name="MutationId">The id of the mutation this result answers.</param>
/// <param name="ServerVersion">The record's server version after the mutation; the client's new base version.</param>
/// <param name="Outcome">What became of the write (addition).</param>
/// <param name="Clock">The clock the server ordered the write by (addition); differs from the mutation's when the server restamped a clock too far ahead.</param>
/// <param name="Record">The stored record when <paramref name="Outcome"/> is merged or superseded, or when the stored values differ from the sent ones (addition); absent otherwise.</param>
/// <param name="FieldClocks">For <c>crdt</c> objects, the clock of each readable field after the write (addition), so the client's registers equal the server's although its own echo is never sent.</param>
public sealed record SyncMutationApplied(
    string MutationId,
    long ServerVersion,
    ApplyOutcome Outcome,
    string Clock,
    IReadOnlyDictionary<string, JsonElement>? Record = null,
    IReadOnlyDictionary<string, string>? FieldClocks = null) : SyncMutationResult(MutationId);

/// <summary>The mutation conflicts with the server record and was not applied (manual strategy).</summary>
/// <param name="MutationId">The id of the mutation this result answers.</param>
/// <param name="Conflict">The conflict, with the server record and a suggested resolution.</param>
public sealed record SyncMutationConflict(string MutationId, SyncConflict Conflict) : SyncMutationResult(MutationId);

/// <summary>The mutation was refused and changed nothing; the client parks it and reports it.</summary>
/// <param name="MutationId">The id of the mutation this result answers.</param>
/// <param name="Reason">Why, in words a user can act on.</param>
/// <param name="Code">The error code (addition): <c>VALIDATION_ERROR</c>, <c>FORBIDDEN</c>, <c>NOT_FOUND</c>, <c>INVALID_REQUEST</c>, <c>CONFLICT</c> or <c>PAYLOAD_TOO_LARGE</c>.</param>
/// <param name="Details">The offending fields (addition).</param>
public sealed record SyncMutationRejected(
    string MutationId,
    string Reason,
    string Code,
    IReadOnlyList<ErrorDetail>? Details = null) : SyncMutationResult(MutationId);
