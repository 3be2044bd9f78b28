using System.Buffers;
using System.Text;
using System.Text.Json;
using ObjectQL.Pipeline;

namespace ObjectQL.Sync.Client.Merge;

// The pulled records of one object that have no local row and no pending edit, created in one statement from their
// wire JSON (ObjectRepository.CreateFromJsonAsync: the pipeline's stamping, defaults, field rules and change events,
// without a record per row in the pipeline), where the store and the object allow it.
internal sealed class SetBasedCreates : IDisposable
{
    private readonly ObjectRepository _repository;
    private readonly Dictionary<string, Record> _values = new(StringComparer.Ordinal);
    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);
    private readonly Utf8JsonWriter _writer;

    private SetBasedCreates(ObjectRepository repository)
    {
        _repository = repository;
        _writer = new Utf8JsonWriter(_buffer);
        _writer.WriteStartArray();
    }

    // Null when the object's creates cannot be written set-based (another store, hooks, rules SQL cannot decide).
    public static SetBasedCreates? For(IObjectRepository repository) =>
        repository is ObjectRepository pipeline && pipeline.CanCreateFromJson() ? new SetBasedCreates(pipeline) : null;

    // values: the record's converted values (the change's data passed the local schema's types).
    public bool TryAdd(RebasedRecord record, Record values)
    {
        if (record.Change?.Data is not { } data || !_values.TryAdd(record.RecordId, values))
        {
            return false;
        }
        _writer.WriteStartObject();
        _writer.WriteString("id", record.RecordId);
        _writer.WriteStartObject("data");
        foreach (var (name, value) in data)
        {
            _writer.WritePropertyName(name);
            value.WriteTo(_writer);
        }
        _writer.WriteEndObject();
        _writer.WriteEndObject();
        return true;
    }

    // Creates the records added; returns those the store left out, for the pipeline to write (or refuse) one by one.
    public async Task<IReadOnlyList<(string RecordId, Record Values)>> RunAsync(CancellationToken cancellationToken)
    {
        if (_values.Count == 0)
        {
            return [];
        }
        _writer.WriteEndArray();
        await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        var json = Encoding.UTF8.GetString(_buffer.WrittenSpan);
        var created = await _repository.CreateFromJsonAsync(json, "$.id", "$.data", id => _values[id], cancellationToken).ConfigureAwait(false);
        foreach (var id in created)
        {
            _values.Remove(id);
        }
        return [.. _values.Select(static v => (v.Key, v.Value))];
    }

    public void Dispose() => _writer.Dispose();
}
