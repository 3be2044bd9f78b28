using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace ObjectQL.Sync.Protocol;

/// <summary>
/// A record read from the wire: its values in member order beside the member names, which the records of one shape
/// share (<see cref="RecordShape"/>). A page's hundreds of records of one object cost one array of values each instead
/// of a dictionary's entries and buckets each.
/// </summary>
internal sealed class RecordMembers(RecordShape shape, JsonElement[] values) : IReadOnlyDictionary<string, JsonElement>
{
    public JsonElement this[string key] =>
        TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The record has no member '{key}'.");

    public IEnumerable<string> Keys => shape.Names;

    public IEnumerable<JsonElement> Values => values;

    public int Count => values.Length;

    public bool ContainsKey(string key) => shape.IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out JsonElement value)
    {
        var at = shape.IndexOf(key);
        value = at < 0 ? default : values[at];
        return at >= 0;
    }

    public IEnumerator<KeyValuePair<string, JsonElement>> GetEnumerator()
    {
        for (var i = 0; i < values.Length; i++)
        {
            yield return new KeyValuePair<string, JsonElement>(shape.Names[i], values[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>The member names of records read from the wire, in their order, with each name's position.</summary>
internal sealed class RecordShape
{
    private readonly Dictionary<string, int> _positions;

    /// <summary>The shape of <paramref name="names"/>; a name given twice is refused as everywhere on the wire.</summary>
    public RecordShape(string[] names)
    {
        _positions = new Dictionary<string, int>(names.Length, StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            if (!_positions.TryAdd(names[i], i))
            {
                throw new JsonException($"Duplicate member '{names[i]}' in a record.");
            }
        }
        Names = names;
    }

    public string[] Names { get; }

    public int IndexOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _positions.TryGetValue(key, out var at) ? at : -1;
    }
}
