using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace ObjectQL.Sync.Protocol;

/// <summary>
/// A record's values kept as the canonical JSON object text they were written in (the change log's post-image, a
/// snapshot row): the wire writes that text as it is, and it is parsed only when something reads it as a dictionary.
/// A pull page sends hundreds of records it never looks into; parsing each into elements only to write them back out
/// was most of what a page cost.
/// </summary>
internal sealed class RecordJsonText : IReadOnlyDictionary<string, JsonElement>
{
    private readonly ReadOnlyMemory<byte> _utf8;
    private RecordMembers? _members;

    /// <param name="utf8">A JSON object written by this library's canonical writer (never text from a client).</param>
    public RecordJsonText(ReadOnlyMemory<byte> utf8) => _utf8 = utf8;

    /// <summary>Writes the object's text as it is (it needs no second validation on its way out).</summary>
    public void WriteTo(Utf8JsonWriter writer) => writer.WriteRawValue(_utf8.Span, skipInputValidation: true);

    // Parsed once on first use; a race parses twice into equal dictionaries, and either may stay.
    private RecordMembers Members => _members ??= RecordDataJsonConverter.ReadMembers(_utf8.Span);

    public JsonElement this[string key] => Members[key];

    public IEnumerable<string> Keys => Members.Keys;

    public IEnumerable<JsonElement> Values => Members.Values;

    public int Count => Members.Count;

    public bool ContainsKey(string key) => Members.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out JsonElement value) => Members.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<string, JsonElement>> GetEnumerator() => Members.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
