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

    // Sized to the record at once: grown from empty, a record of a dozen fields allocated its entries three times over.
    private static Dictionary<string, JsonElement> Members(JsonElement record)
    {
        var members = new Dictionary<string, JsonElement>(record.GetPropertyCount(), StringComparer.Ordinal);
        var names = RecentNames.OfThisThread;
        var at = 0;
        foreach (var member in record.EnumerateObject())
        {
            var name = names.Take(at++, member);
            if (!members.TryAdd(name, member.Value))
            {
                throw new JsonException($"Duplicate member '{name}' in a record.");
            }
            RequireUniqueNested(member.Value);
        }
        return members;
    }

    // The member names of the last record read on this thread, by position. The records of a page (and of a push)
    // are of a few objects whose canonical text lists the same members in the same order, so a name is compared with
    // the one read at its position before and that string is used again: a page of 500 records of a dozen fields
    // decoded 6,000 names into new strings, all but a dozen of them equal to one already held.
    private sealed class RecentNames
    {
        // Records with more members than this decode the rest as they come.
        private const int Positions = 64;

        [ThreadStatic]
        private static RecentNames? t_names;

        private readonly string?[] _names = new string?[Positions];

        public static RecentNames OfThisThread => t_names ??= new RecentNames();

        public string Take(int position, JsonProperty member)
        {
            if (position >= Positions)
            {
                return member.Name;
            }
            if (_names[position] is { } last && member.NameEquals(last))
            {
                return last;
            }
            return _names[position] = member.Name;
        }
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
