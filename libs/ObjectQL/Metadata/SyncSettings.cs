namespace ObjectQL.Metadata;

/// <summary>How concurrent edits of one record are reconciled (<c>sync.strategy</c>).</summary>
public enum SyncStrategy
{
    /// <summary><c>last-write-wins</c>: the whole record of the later write (by hybrid logical clock) wins.</summary>
    LastWriteWins,
    /// <summary><c>crdt</c>: a last-write-wins register per field, so edits of different fields both survive.</summary>
    Crdt,
    /// <summary><c>manual</c>: the conflict goes back to the client, which answers with a new mutation.</summary>
    Manual,
}

/// <summary>Which way changes flow (<c>sync.direction</c>).</summary>
public enum SyncDirection
{
    /// <summary>Clients push and pull.</summary>
    Bidirectional,
    /// <summary>Clients only push.</summary>
    PushOnly,
    /// <summary>Clients only pull.</summary>
    PullOnly,
}

/// <summary>The object's <c>sync</c> block.</summary>
public sealed record SyncSettings
{
    /// <summary>The object takes part in sync.</summary>
    public bool Enabled { get; init; }

    /// <summary>The conflict strategy; last-write-wins by default.</summary>
    public SyncStrategy Strategy { get; init; } = SyncStrategy.LastWriteWins;

    /// <summary>The fields whose concurrent change counts as a conflict; empty means every field.</summary>
    public IReadOnlyList<string> ConflictFields { get; init; } = [];

    /// <summary>Which way changes flow.</summary>
    public SyncDirection Direction { get; init; } = SyncDirection.Bidirectional;

    /// <summary>How long a client waits after a local write before pushing.</summary>
    public int DebounceMs { get; init; } = 1000;

    /// <summary>The most mutations a client pushes in one request.</summary>
    public int BatchSize { get; init; } = 50;
}
