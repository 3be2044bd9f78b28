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
    public static RecordMembers ReadMembers(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        return Members(JsonElement.ParseValue(ref reader));
    }

    private static RecordMembers Members(JsonElement record)
    {
        var recent = RecentShape.OfThisThread;
        var last = recent.Shape;
        var values = new JsonElement[record.GetPropertyCount()];
        // Null while every name so far is the last shape's at its position.
        string[]? names = null;
        var at = 0;
        foreach (var member in record.EnumerateObject())
        {
            var known = last is not null && at < last.Names.Length && member.NameEquals(last.Names[at]) ? last.Names[at] : null;
            if (known is null || names is not null)
            {
                if (names is null)
                {
                    names = new string[values.Length];
                    last?.Names.AsSpan(0, at).CopyTo(names);
                }
                names[at] = known ?? member.Name;
            }
            values[at++] = member.Value;
            RequireUniqueNested(member.Value);
        }
        if (names is null && last?.Names.Length != values.Length)
        {
            // The record's members are the first of the last shape's (or it has none, and nothing was read before).
            names = last is null ? [] : last.Names[..values.Length];
        }
        var shape = names is null ? last! : recent.Shape = new RecordShape(names);
        return new RecordMembers(shape, values);
    }

    // The shape of the last record read on this thread. The records of a page (and of a push) are of a few objects
    // whose canonical text lists the same members in the same order, so each name is compared with the one at its
    // position before, and a record of the same names shares that shape: a page of 500 records of a dozen fields
    // decoded 6,000 names into new strings and filled 500 dictionaries, all but one of them of names already held.
    private sealed class RecentShape
    {
        [ThreadStatic]
        private static RecentShape? t_recent;

        public static RecentShape OfThisThread => t_recent ??= new RecentShape();

        public RecordShape? Shape { get; set; }
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
