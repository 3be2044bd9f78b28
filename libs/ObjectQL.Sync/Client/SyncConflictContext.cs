using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Client;

/// <summary>A manual conflict handed to <see cref="SyncClientOptions.OnConflict"/>.</summary>
/// <param name="Conflict">The server's conflict: the server record, the conflicting fields, a suggestion.</param>
/// <param name="LocalRecord">The record as the application shows it now (the parked edit and the edits held behind it), or null when it is deleted locally.</param>
/// <param name="ServerRecord">The server record converted to record values.</param>
/// <param name="SuggestedRecord">The server's suggestion converted to record values, when it made one.</param>
public sealed record SyncConflictContext(SyncConflict Conflict, Record? LocalRecord, Record ServerRecord, Record? SuggestedRecord)
{
    /// <summary>The object.</summary>
    public string ObjectName => Conflict.ObjectName;

    /// <summary>The record.</summary>
    public string RecordId => Conflict.RecordId;

    /// <summary>The fields changed on both sides to different values.</summary>
    public IReadOnlyList<string> ConflictingFields => Conflict.ConflictingFields;
}

/// <summary>The application's answer to a conflict.</summary>
public sealed record ConflictAnswer
{
    private ConflictAnswer(ConflictAnswerKind kind, Record? patch)
    {
        Kind = kind;
        Patch = patch;
    }

    /// <summary>What the answer does.</summary>
    public ConflictAnswerKind Kind { get; }

    /// <summary>The fields to write on top of the server record, for <see cref="ConflictAnswerKind.Push"/>.</summary>
    public Record? Patch { get; }

    /// <summary>Keep the conflict parked; the application answers later with <see cref="SyncClient.ResolveAsync"/> or <see cref="SyncClient.DiscardAsync"/>.</summary>
    public static ConflictAnswer Defer { get; } = new(ConflictAnswerKind.Defer, null);

    /// <summary>Take the server record: the parked edit and the edits held behind it are dropped.</summary>
    public static ConflictAnswer KeepServer { get; } = new(ConflictAnswerKind.KeepServer, null);

    /// <summary>Write <paramref name="patch"/> on top of the server record, pushed as a new mutation on the server's version.</summary>
    public static ConflictAnswer Push(Record patch) => new(ConflictAnswerKind.Push, patch ?? throw new ArgumentNullException(nameof(patch)));

    /// <summary>Write the server's suggestion (<see cref="SyncConflictContext.SuggestedRecord"/>), or keep the server record when there is none.</summary>
    public static ConflictAnswer AcceptSuggestion(SyncConflictContext conflict)
    {
        ArgumentNullException.ThrowIfNull(conflict);
        return conflict.SuggestedRecord is { } suggested ? Push(suggested) : KeepServer;
    }
}

/// <summary>What a <see cref="ConflictAnswer"/> does.</summary>
public enum ConflictAnswerKind
{
    /// <summary>Leave it parked.</summary>
    Defer,
    /// <summary>Drop the local edit; the server record stands.</summary>
    KeepServer,
    /// <summary>Push a patch on the server's version.</summary>
    Push,
}
