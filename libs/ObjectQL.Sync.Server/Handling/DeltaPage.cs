using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Server.Handling;

/// <summary>One page of server changes (RFC 6.4): ends at a count or a byte budget, whichever comes first, and always holds at least one change.</summary>
internal sealed class DeltaPage(int maxChanges, int maxBytes)
{
    private readonly List<SyncServerChange> _changes = [];
    private long _bytes;

    public IReadOnlyList<SyncServerChange> Changes => _changes;

    public bool Full => _changes.Count >= maxChanges || _bytes >= maxBytes;

    /// <summary>More changes wait beyond this page.</summary>
    public bool HasMore { get; set; }

    public void Add(SyncServerChange change)
    {
        _changes.Add(change);
        _bytes += SyncJson.Write(change, SyncJson.Context.SyncServerChange).Length;
    }
}
