using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Client;

/// <summary>What the sync client is doing.</summary>
public enum SyncActivity
{
    /// <summary>Nothing to do until the next trigger.</summary>
    Idle,
    /// <summary>A sync is running.</summary>
    Syncing,
    /// <summary>The server cannot be reached; the client probes with backoff and syncs on reconnect.</summary>
    Offline,
    /// <summary>The last attempt failed; a retry is scheduled (<see cref="SyncStatus.NextRetryAt"/>) or waits for the next trigger.</summary>
    Error,
}

/// <summary>A snapshot of the sync client's state for a UI; <see cref="SyncClient.StatusChanged"/> reports each new one.</summary>
public sealed record SyncStatus
{
    /// <summary>What the client is doing.</summary>
    public SyncActivity Activity { get; init; }

    /// <summary>True unless the connectivity monitor or the last request said the server cannot be reached.</summary>
    public bool IsOnline { get; init; } = true;

    /// <summary>Local writes not yet acknowledged by the server (parked ones not included).</summary>
    public int PendingCount { get; init; }

    /// <summary><see cref="PendingCount"/> per object name; an object with nothing pending is absent.</summary>
    public IReadOnlyDictionary<string, int> PendingByObject { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>When a sync last completed without error, or null.</summary>
    public DateTimeOffset? LastSuccessfulSync { get; init; }

    /// <summary>The last failure, or null after a successful sync.</summary>
    public SyncFailure? LastError { get; init; }

    /// <summary>Failed attempts in a row.</summary>
    public int ConsecutiveFailures { get; init; }

    /// <summary>When the next retry runs, or null when none is scheduled (idle, or waiting for a trigger after the retry limit).</summary>
    public DateTimeOffset? NextRetryAt { get; init; }

    /// <summary>Mutations the server rejected or reported in conflict, with their reasons; they wait for an answer and hold later edits of their records.</summary>
    public IReadOnlyList<ParkedMutation> Parked { get; init; } = [];

    /// <summary>The reason of the last resync, when one happened.</summary>
    public ResyncReason? LastResyncReason { get; init; }
}

/// <summary>A failed sync attempt.</summary>
/// <param name="Code">The error code (an <see cref="ErrorCodes"/> or <see cref="SyncErrorCodes"/> value, or <c>NETWORK_ERROR</c>).</param>
/// <param name="Message">What went wrong.</param>
/// <param name="StatusCode">The HTTP status, when the server answered.</param>
/// <param name="At">When it happened.</param>
public sealed record SyncFailure(string Code, string Message, int? StatusCode, DateTimeOffset At);

/// <summary>Why a mutation is parked.</summary>
public enum ParkedKind
{
    /// <summary>The server refused it (<c>rejected</c>): validation, permissions, a missing record, too large.</summary>
    Rejected,
    /// <summary>The manual strategy found a conflict; the application answers it.</summary>
    Conflict,
}

/// <summary>A mutation the server did not apply, kept until the application answers or discards it.</summary>
/// <param name="MutationId">The mutation.</param>
/// <param name="ObjectName">Its object.</param>
/// <param name="RecordId">Its record.</param>
/// <param name="Operation">What it did.</param>
/// <param name="Kind">Rejected or in conflict.</param>
/// <param name="Code">The error code of a rejection (<c>CONFLICT</c> for a conflict).</param>
/// <param name="Reason">Why, in words a user can act on.</param>
/// <param name="Details">The offending fields of a rejection.</param>
/// <param name="Conflict">The conflict, for <see cref="ParkedKind.Conflict"/>.</param>
public sealed record ParkedMutation(
    string MutationId,
    string ObjectName,
    string RecordId,
    MutationOperation Operation,
    ParkedKind Kind,
    string Code,
    string Reason,
    IReadOnlyList<ErrorDetail> Details,
    SyncConflict? Conflict)
{
    /// <summary>The server record of a conflict as record values (declared fields only), or null for a rejection.</summary>
    public Record? ServerRecord { get; init; }
}
