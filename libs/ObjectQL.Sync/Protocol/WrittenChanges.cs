using System.Buffers;
using System.Collections;
using System.Text.Json;

namespace ObjectQL.Sync.Protocol;

/// <summary>
/// A page of server changes kept with their wire text, written as each change is added. A server measures every change
/// as written to keep a page within its byte budget; the response then sends that text (<see cref="SyncJson.Write{T}"/>)
/// instead of writing every change a second time. To everything else it is the list of the changes.
/// </summary>
internal sealed class WrittenChanges : IReadOnlyList<SyncServerChange>
{
    private readonly List<SyncServerChange> _changes = [];
    private readonly ArrayBufferWriter<byte> _text = new(16 * 1024);
    private readonly Utf8JsonWriter _writer;
    private bool _ended;

    public WrittenChanges()
    {
        // The writer the serializer would make for the wire context: compact, default encoder.
        _writer = new Utf8JsonWriter(_text);
        _writer.WriteStartArray();
        _writer.Flush();
    }

    public int Count => _changes.Count;

    public SyncServerChange this[int index] => _changes[index];

    /// <summary>Adds <paramref name="change"/> and returns the bytes its JSON takes on the wire (the separating comma not counted).</summary>
    public int Add(SyncServerChange change)
    {
        if (_ended)
        {
            throw new InvalidOperationException("The page's text was already taken; no change can be added to it.");
        }
        var before = _text.WrittenCount;
        JsonSerializer.Serialize(_writer, change, SyncJsonContext.Default.SyncServerChange);
        _writer.Flush();
        _changes.Add(change);
        return _text.WrittenCount - before - (_changes.Count > 1 ? 1 : 0);
    }

    /// <summary>The JSON array of the changes, as <c>serverChanges</c> carries it.</summary>
    public ReadOnlySpan<byte> Utf8
    {
        get
        {
            if (!_ended)
            {
                _writer.WriteEndArray();
                _writer.Flush();
                _ended = true;
            }
            return _text.WrittenSpan;
        }
    }

    public IEnumerator<SyncServerChange> GetEnumerator() => _changes.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
