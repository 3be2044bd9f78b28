using System.Buffers;
using System.Text.Json;
using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Server.Handling;

/// <summary>One page of server changes (RFC 6.4): ends at a count or a byte budget, whichever comes first, and always holds at least one change.</summary>
internal sealed class DeltaPage(int maxChanges, int maxBytes)
{
    private readonly List<SyncServerChange> _changes = [];
    private readonly ArrayBufferWriter<byte> _sizing = new(1024);
    private Utf8JsonWriter? _writer;
    private long _bytes;

    public IReadOnlyList<SyncServerChange> Changes => _changes;

    public bool Full => _changes.Count >= maxChanges || _bytes >= maxBytes;

    /// <summary>More changes wait beyond this page.</summary>
    public bool HasMore { get; set; }

    // Each change is measured as written on the wire, through one buffer and writer for the page (not a new array each).
    public void Add(SyncServerChange change)
    {
        _changes.Add(change);
        _sizing.ResetWrittenCount();
        if (_writer is null)
        {
            _writer = new Utf8JsonWriter(_sizing);
        }
        else
        {
            _writer.Reset(_sizing);
        }
        JsonSerializer.Serialize(_writer, change, SyncJson.Context.SyncServerChange);
        _bytes += _sizing.WrittenCount;
    }
}
