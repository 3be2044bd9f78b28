using System.Buffers;
using System.Text.Json;

namespace ObjectQL.Sync.Resolution;

/// <summary>
/// How the resolvers compare field values: as JSON values (<see cref="JsonElement.DeepEquals"/>: objects by members in any
/// order, numbers by value), never by reference; and a canonical byte form (members sorted ordinally, no spaces) that
/// orders values deterministically and proves replicas byte-identical.
/// </summary>
public static class JsonValues
{
    /// <summary>The JSON <c>null</c> value, which also stands for an absent field.</summary>
    public static JsonElement Null { get; } = Parse("null");

    /// <summary>True when two values are equal as JSON values.</summary>
    public static bool ValueEquals(JsonElement a, JsonElement b) => JsonElement.DeepEquals(a, b);

    /// <summary>True when two optional values are equal; an absent value equals JSON null.</summary>
    public static bool ValueEquals(JsonElement? a, JsonElement? b) => ValueEquals(a ?? Null, b ?? Null);

    /// <summary>Parses one JSON value into a self-contained element.</summary>
    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>The canonical UTF-8 form of a value.</summary>
    public static byte[] Canonical(JsonElement value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteCanonical(writer, value);
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A total order over values by their canonical bytes; breaks ties between equal clocks deterministically.</summary>
    public static int CompareCanonical(JsonElement a, JsonElement b) => Canonical(a).AsSpan().SequenceCompareTo(Canonical(b));

    /// <summary>Writes a value in canonical form.</summary>
    public static void WriteCanonical(Utf8JsonWriter writer, JsonElement value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                var members = value.EnumerateObject().ToList();
                members.Sort((x, y) => string.CompareOrdinal(x.Name, y.Name));
                foreach (var member in members)
                {
                    writer.WritePropertyName(member.Name);
                    WriteCanonical(writer, member.Value);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    WriteCanonical(writer, item);
                }
                writer.WriteEndArray();
                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }
}
