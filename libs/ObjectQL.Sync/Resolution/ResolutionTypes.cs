using System.Text.Json;
using ObjectQL.Metadata;
using ObjectQL.Sync.Clocks;
using ObjectQL.Sync.Configuration;
using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Resolution;

/// <summary>Everything a resolver decides from; resolvers read nothing else, so the same input always gives the same output.</summary>
/// <param name="Mutation">The client's mutation as pushed (already validated).</param>
/// <param name="Clock">The clock the write is ordered by: the mutation's, or the server's restamp of it (<see cref="HybridLogicalClock.AdmitAsync(HlcTimestamp, HlcTimestamp?, HlcTimestamp?, CancellationToken)"/>).</param>
/// <param name="Server">The server's record with its clocks; null when the id was never used.</param>
/// <param name="BaseImage">The record's values at the mutation's base version when the server knows them (its change log), else the mutation's <c>baseData</c>, else null.</param>
/// <param name="Config">The object's sync configuration.</param>
/// <param name="Now">The time written into audit entries.</param>
public sealed record ResolutionInput(
    MutationLogEntry Mutation,
    HlcTimestamp Clock,
    RecordState? Server,
    IReadOnlyDictionary<string, JsonElement>? BaseImage,
    SyncConfig Config,
    DateTimeOffset Now);

/// <summary>What a resolver decided.</summary>
/// <param name="RecordToStore">The record to write (compare-and-swap on the server record's version), or null to write nothing.</param>
/// <param name="Result">The result to return to the client.</param>
/// <param name="Audit">The audit entry when the mutation met a concurrent write, else null.</param>
public sealed record Resolution(RecordState? RecordToStore, SyncMutationResult Result, ConflictAuditEntry? Audit);

/// <summary>How a conflict ended, as the audit trail records it.</summary>
public enum ConflictOutcome
{
    /// <summary>The client's write won (last-write-wins).</summary>
    ClientWon,
    /// <summary>The server's concurrent write won and the client's was discarded (last-write-wins).</summary>
    ServerWon,
    /// <summary>Fields from both sides were kept (crdt, or disjoint fields).</summary>
    Merged,
    /// <summary>A delete won over a concurrent write.</summary>
    DeleteWon,
    /// <summary>Returned to the application to decide (manual).</summary>
    Flagged,
}

/// <summary>One conflict, for the audit trail: both sides, the strategy, the outcome and the time.</summary>
/// <param name="ObjectName">The object.</param>
/// <param name="RecordId">The record.</param>
/// <param name="MutationId">The client's mutation.</param>
/// <param name="ClientId">The client.</param>
/// <param name="Strategy">The strategy that decided.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="ConflictingFields">The fields both sides changed to different values (ordinal order); empty for a whole-record conflict such as a delete.</param>
/// <param name="ClientOperation">The client's operation.</param>
/// <param name="ClientValues">The values the client sent.</param>
/// <param name="ServerValues">The server's record before the mutation (null for a tombstone).</param>
/// <param name="ClientClock">The clock the client's write was ordered by.</param>
/// <param name="ServerClock">The clock of the latest concurrent server write.</param>
/// <param name="ServerVersion">The server version the conflict was met at.</param>
/// <param name="At">When the conflict was resolved.</param>
public sealed record ConflictAuditEntry(
    string ObjectName,
    string RecordId,
    string MutationId,
    string ClientId,
    SyncStrategy Strategy,
    ConflictOutcome Outcome,
    IReadOnlyList<string> ConflictingFields,
    MutationOperation ClientOperation,
    IReadOnlyDictionary<string, JsonElement>? ClientValues,
    IReadOnlyDictionary<string, JsonElement>? ServerValues,
    HlcTimestamp ClientClock,
    HlcTimestamp ServerClock,
    long ServerVersion,
    DateTimeOffset At);

/// <summary>A conflict strategy as a pure function of its input.</summary>
public interface IConflictResolver
{
    /// <summary>The strategy this resolver implements.</summary>
    SyncStrategy Strategy { get; }

    /// <summary>Decides what to store, what to answer and what to audit.</summary>
    Resolution Resolve(ResolutionInput input);
}
