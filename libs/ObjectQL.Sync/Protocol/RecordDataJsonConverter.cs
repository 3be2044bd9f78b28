using System.Text.Json;
using System.Text.Json.Serialization;

namespace ObjectQL.Sync.Protocol;

/// <summary>
/// A record's values on the wire (a change's <c>data</c>, a mutation's <c>data</c> and <c>baseData</c>): read as one parsed object whose members share its one document (the default reading parses
/// a document per member), with duplicate members refused as everywhere on the wire; written from the kept text when
/// the server holds it as <see cref="RecordJsonText"/>.
/// </summary>
internal sealed class RecordDataJsonConverter : JsonConverter<IReadOnlyDictionary<string, JsonElement>>
{
    public override IReadOnlyDictionary<string, JsonElement> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"The JSON value could not be converted to a record: expected an object, found {reader.TokenType}.");
        }
        return Members(JsonElement.ParseValue(ref reader));
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyDictionary<string, JsonElement> value, JsonSerializerOptions options)
    {
        // Kept text is compact; an indented writer (the golden files) gets the members written one by one.
        if (value is RecordJsonText text && !writer.Options.Indented)
        {
            text.WriteTo(writer);
            return;
        }
        writer.WriteStartObject();
        foreach (var (name, member) in value)
        {
            writer.WritePropertyName(name);
            member.WriteTo(writer);
        }
        writer.WriteEndObject();
    }

    /// <summary>The members of the JSON object <paramref name="utf8"/>, sharing one parsed copy of it.</summary>
    public static Dictionary<string, JsonElement> ReadMembers(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        return Members(JsonElement.ParseValue(ref reader));
    }

    private static Dictionary<string, JsonElement> Members(JsonElement record)
    {
        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var member in record.EnumerateObject())
        {
            if (!members.TryAdd(member.Name, member.Value))
            {
                throw new JsonException($"Duplicate member '{member.Name}' in a record.");
            }
            RequireUniqueNested(member.Value);
        }
        return members;
    }

    // A single parse does not refuse duplicates; the serializer's own reading did, at every depth, and so does this.
    private static void RequireUniqueNested(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var member in value.EnumerateObject())
                {
                    if (!names.Add(member.Name))
                    {
                        throw new JsonException($"Duplicate member '{member.Name}' in a record's value.");
                    }
                    RequireUniqueNested(member.Value);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    RequireUniqueNested(item);
                }
                break;
        }
    }
}
