using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Server.Handling;

/// <summary>One page of server changes (RFC 6.4): ends at a count or a byte budget, whichever comes first, and always holds at least one change.</summary>
internal sealed class DeltaPage(int maxChanges, int maxBytes)
{
    // Each change is written once, as it is added: that measures it, and the response sends the same text.
    private readonly WrittenChanges _changes = new();
    private long _bytes;

    public IReadOnlyList<SyncServerChange> Changes => _changes;

    /// <summary>The most changes this page holds.</summary>
    public int MaxChanges => maxChanges;

    public bool Full => _changes.Count >= maxChanges || _bytes >= maxBytes;

    /// <summary>More changes wait beyond this page.</summary>
    public bool HasMore { get; set; }

    /// <summary>The earliest commit time of the log's commits this page read, null when it read none.</summary>
    public DateTimeOffset? OldestCommitRead { get; private set; }

    public void ReadCommit(DateTimeOffset committedAt)
    {
        if (OldestCommitRead is not { } oldest || committedAt < oldest)
        {
            OldestCommitRead = committedAt;
        }
    }

    public void Add(SyncServerChange change) => _bytes += _changes.Add(change);

    /// <summary>Adds a change whose wire text was written before, for another caller's page.</summary>
    public void Add(SyncServerChange change, byte[] text) => _bytes += _changes.Add(change, text);
}
