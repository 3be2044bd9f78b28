using System.Collections;

namespace ObjectQL;

/// <summary>
/// An untyped record: field name to value, in the canonical runtime form of docs/modeling.md
/// (string, double, decimal, bool, long, DateOnly, TimeOnly, DateTimeOffset, JsonElement, or a list of those).
/// Generated entities convert to and from it without reflection.
/// </summary>
public sealed class Record : IEnumerable<KeyValuePair<string, object?>>
{
    private readonly Dictionary<string, object?> _values;

    /// <summary>Creates an empty record.</summary>
    public Record() => _values = new(StringComparer.Ordinal);

    /// <summary>Creates an empty record sized for <paramref name="capacity"/> fields.</summary>
    public Record(int capacity) => _values = new(capacity, StringComparer.Ordinal);

    /// <summary>Creates a copy of <paramref name="values"/>.</summary>
    public Record(IEnumerable<KeyValuePair<string, object?>> values) => _values = new(values, StringComparer.Ordinal);

    /// <summary>The value of a field, or null when absent. Setting stores the value as given.</summary>
    public object? this[string field]
    {
        get => _values.GetValueOrDefault(field);
        set => _values[field] = value;
    }

    /// <summary>The number of fields present.</summary>
    public int Count => _values.Count;

    /// <summary>The names of the fields present.</summary>
    public IEnumerable<string> Fields => _values.Keys;

    /// <summary>The record id, when present.</summary>
    public string? Id => _values.GetValueOrDefault(Metadata.SystemFields.Id) as string;

    /// <summary>True when the field is present (even with a null value).</summary>
    public bool Contains(string field) => _values.ContainsKey(field);

    /// <summary>Gets a field's value when present.</summary>
    public bool TryGetValue(string field, out object? value) => _values.TryGetValue(field, out value);

    /// <summary>Removes a field; returns whether it was present.</summary>
    public bool Remove(string field) => _values.Remove(field);

    /// <summary>Adds a field (collection-initializer support); throws when it is already present.</summary>
    public void Add(string field, object? value) => _values.Add(field, value);

    /// <summary>A shallow copy.</summary>
    public Record Clone() => new(_values);

    /// <summary>
    /// The fields and values, in the order they were first set (while none is removed). A struct enumerator, so a
    /// <c>foreach</c> over a record allocates nothing; every write path walks records this way per row.
    /// </summary>
    public Dictionary<string, object?>.Enumerator GetEnumerator() => _values.GetEnumerator();

    IEnumerator<KeyValuePair<string, object?>> IEnumerable<KeyValuePair<string, object?>>.GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _values.GetEnumerator();
}
