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
    private readonly Segments _text = new();
    private readonly Utf8JsonWriter _writer;
    private bool _ended;
    private bool _taken;

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

    /// <summary>
    /// Adds <paramref name="change"/> with its wire text written before (<see cref="SyncJson.Write{T}"/> of the same
    /// change), copied as it is; returns the bytes it takes on the wire.
    /// </summary>
    public int Add(SyncServerChange change, byte[] text)
    {
        if (_ended)
        {
            throw new InvalidOperationException("The page's text was already taken; no change can be added to it.");
        }
        _writer.WriteRawValue(text, skipInputValidation: true);
        _writer.Flush();
        _changes.Add(change);
        return text.Length;
    }

    /// <summary>False once the text was taken (<see cref="TakeText(IBufferWriter{byte})"/>): then the changes are written as any list is.</summary>
    public bool HoldsText => !_taken;

    /// <summary>The length of the JSON array of the changes, as <c>serverChanges</c> carries it.</summary>
    public int Utf8Length
    {
        get
        {
            End();
            return _text.WrittenCount;
        }
    }

    /// <summary>
    /// Copies the JSON array of the changes to <paramref name="destination"/> (at least <see cref="Utf8Length"/> bytes)
    /// and gives its buffers back to the pool: a response is written once.
    /// </summary>
    public void TakeText(Span<byte> destination)
    {
        End();
        _text.CopyTo(destination);
        _text.Return();
        _taken = true;
    }

    /// <summary>Writes the JSON array of the changes to <paramref name="destination"/> and gives its buffers back to the pool.</summary>
    public void TakeText(IBufferWriter<byte> destination)
    {
        End();
        _text.CopyTo(destination);
        _text.Return();
        _taken = true;
    }

    private void End()
    {
        if (!_ended)
        {
            _writer.WriteEndArray();
            _writer.Flush();
            _ended = true;
        }
    }

    public IEnumerator<SyncServerChange> GetEnumerator() => _changes.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    // The text in pooled segments of 64 KiB: a page of hundreds of KiB grows without copying what it holds into ever
    // larger arrays (a contiguous buffer allocated about three times the page while it doubled), and the segments go
    // back to the pool once the response has taken the text.
    private sealed class Segments : IBufferWriter<byte>
    {
        private const int SegmentBytes = 64 * 1024;
        private readonly List<(byte[] Bytes, int Used)> _full = [];
        private byte[] _current = ArrayPool<byte>.Shared.Rent(SegmentBytes);
        private int _used;

        public int WrittenCount { get; private set; }

        public void Advance(int count)
        {
            _used += count;
            WrittenCount += count;
        }

        public Memory<byte> GetMemory(int sizeHint = 0) => Room(sizeHint);

        public Span<byte> GetSpan(int sizeHint = 0) => Room(sizeHint).Span;

        public void CopyTo(Span<byte> destination)
        {
            foreach (var (bytes, used) in _full)
            {
                bytes.AsSpan(0, used).CopyTo(destination);
                destination = destination[used..];
            }
            _current.AsSpan(0, _used).CopyTo(destination);
        }

        public void CopyTo(IBufferWriter<byte> destination)
        {
            foreach (var (bytes, used) in _full)
            {
                destination.Write(bytes.AsSpan(0, used));
            }
            destination.Write(_current.AsSpan(0, _used));
        }

        public void Return()
        {
            foreach (var (bytes, _) in _full)
            {
                ArrayPool<byte>.Shared.Return(bytes);
            }
            ArrayPool<byte>.Shared.Return(_current);
            _full.Clear();
            (_current, _used) = ([], 0);
        }

        private Memory<byte> Room(int sizeHint)
        {
            var wanted = Math.Max(sizeHint, 1);
            if (_current.Length - _used < wanted)
            {
                _full.Add((_current, _used));
                (_current, _used) = (ArrayPool<byte>.Shared.Rent(Math.Max(SegmentBytes, wanted)), 0);
            }
            return _current.AsMemory(_used);
        }
    }
}
