using System.Text.Json;
using ObjectQL.Values;

namespace ObjectQL.Sync.Resolution;

/// <summary>
/// How the resolvers compare field values: by their canonical form (<see cref="CanonicalJson"/>, the same one the core
/// orders values by): objects by members in any order, numbers by exact value, never by reference.
/// </summary>
public static class JsonValues
{
    /// <summary>The JSON <c>null</c> value, which also stands for an absent field.</summary>
    public static JsonElement Null { get; } = Parse("null");

    /// <summary>True when two values are equal as JSON values (equal canonical bytes).</summary>
    public static bool ValueEquals(JsonElement a, JsonElement b) => CanonicalJson.ValueEquals(a, b);

    /// <summary>True when two optional values are equal; an absent value equals JSON null.</summary>
    public static bool ValueEquals(JsonElement? a, JsonElement? b) => ValueEquals(a ?? Null, b ?? Null);

    /// <summary>Parses one JSON value into a self-contained element.</summary>
    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>The canonical UTF-8 form of a value.</summary>
    public static byte[] Canonical(JsonElement value) => CanonicalJson.ToBytes(value);

    /// <summary>A total order over values by their canonical bytes; breaks ties between equal clocks deterministically.</summary>
    public static int CompareCanonical(JsonElement a, JsonElement b) => CanonicalJson.Compare(a, b);

    /// <summary>Writes a value in canonical form.</summary>
    public static void WriteCanonical(Utf8JsonWriter writer, JsonElement value) => CanonicalJson.WriteTo(writer, value);
}
