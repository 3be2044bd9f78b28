using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using ObjectQL.Values;

namespace ObjectQL.Entities.Generated;

/// <summary>
/// Reads and writes canonical record values as JSON without reflection; generated entity and patch converters use it.
/// Dates are written <c>yyyy-MM-dd</c>, instants ISO-8601 with offset, times <c>HH:mm:ss.FFFFFFF</c>.
/// Called by generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class EntityJson
{
    /// <summary>Writes every field of <paramref name="record"/> as one JSON object.</summary>
    public static void WriteRecord(Utf8JsonWriter writer, Record record)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(record);
        writer.WriteStartObject();
        foreach (var pair in record)
        {
            writer.WritePropertyName(pair.Key);
            WriteValue(writer, pair.Value);
        }
        writer.WriteEndObject();
    }

    /// <summary>Writes one canonical value (<see cref="CanonicalValues.WriteJson"/>).</summary>
    public static void WriteValue(Utf8JsonWriter writer, object? value) => CanonicalValues.WriteJson(writer, value);

    /// <summary>Reads the value at the reader's current token as the canonical form of <paramref name="kind"/> (a list when <paramref name="multiple"/>).</summary>
    public static object? ReadValue(ref Utf8JsonReader reader, ValueKind kind, bool multiple, string field)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        if (!multiple || kind == ValueKind.Json)
        {
            return ReadSingle(ref reader, kind, field);
        }
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Unexpected(ref reader, field, "an array");
        }
        var items = new List<object?>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            items.Add(reader.TokenType == JsonTokenType.Null ? null : ReadSingle(ref reader, kind, field));
        }
        return items.ToArray();
    }

    /// <summary>
    /// A JSON list item for <see cref="FieldValues.ToList{T}"/>, whose typed converter decides the field's type next. Internal
    /// on purpose: it does not know the field's kind, so nothing outside that call may turn JSON into record values with it;
    /// values from the wire go through <see cref="CanonicalValues.FromJson(FieldShape, JsonElement)"/> with their field.
    /// A number is handed on only in a type that holds it exactly (double, then long, then decimal), otherwise as the
    /// element itself, which the typed converter refuses naming the field: never through a rounding double.
    /// </summary>
    internal static object? ToCanonical(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => ExactNumber(element),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.Array => element.EnumerateArray().Select(ToCanonical).ToArray(),
        _ => element.Clone(),
    };

    private static object ExactNumber(JsonElement number)
    {
        foreach (var kind in (ReadOnlySpan<ValueKind>)[ValueKind.Number, ValueKind.Integer, ValueKind.Decimal])
        {
            if (CanonicalValues.TryConvert(kind, number, out var exact, out _) && exact is not null)
            {
                return exact;
            }
        }
        return number.Clone();
    }

    /// <summary>The JSON member that names a record's object in REST answers (<c>"@type": "todo_item"</c>).</summary>
    public const string TypeMember = "@type";

    /// <summary>
    /// Reads the value of a <see cref="TypeMember"/> member: accepted when it names <paramref name="objectName"/> (a REST
    /// answer read back into its entity), refused when it names another object or is not a string.
    /// </summary>
    public static void ReadType(ref Utf8JsonReader reader, string objectName)
    {
        if (reader.TokenType != JsonTokenType.String || !reader.ValueTextEquals(objectName))
        {
            var named = reader.TokenType == JsonTokenType.String ? $"'{reader.GetString()}'" : $"a {reader.TokenType}";
            throw new JsonException($"'{TypeMember}' names {named}, but this is a '{objectName}' record.");
        }
    }

    /// <summary>The error for a JSON property that is not a field of the object.</summary>
    public static JsonException UnknownProperty(string objectName, string property) =>
        new($"Object '{objectName}' has no field '{property}'.");

    private static object? ReadSingle(ref Utf8JsonReader reader, ValueKind kind, string field)
    {
        switch (kind)
        {
            case ValueKind.Text:
                return reader.TokenType == JsonTokenType.String ? reader.GetString() : throw Unexpected(ref reader, field, "a string");
            case ValueKind.Number or ValueKind.Decimal or ValueKind.Integer:
                return ReadNumber(ref reader, kind, field);
            case ValueKind.Boolean:
                return reader.TokenType switch
                {
                    JsonTokenType.True => true,
                    JsonTokenType.False => false,
                    _ => throw Unexpected(ref reader, field, "true or false"),
                };
            case ValueKind.Date:
                return reader.TokenType == JsonTokenType.String &&
                    DateOnly.TryParseExact(reader.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                    ? date : throw Unexpected(ref reader, field, "a date (yyyy-MM-dd)");
            case ValueKind.DateTime:
                return reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out var instant)
                    ? instant : throw Unexpected(ref reader, field, "an ISO-8601 date and time");
            case ValueKind.Time:
                return reader.TokenType == JsonTokenType.String &&
                    TimeOnly.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
                    ? time : throw Unexpected(ref reader, field, "a time of day");
            case ValueKind.Json:
                return JsonElement.ParseValue(ref reader);
            case ValueKind.Vector:
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    throw Unexpected(ref reader, field, "an array of numbers");
                }
                var numbers = new List<float>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    numbers.Add(reader.TokenType == JsonTokenType.Number ? reader.GetSingle() : throw Unexpected(ref reader, field, "a number"));
                }
                return numbers.ToArray();
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    // Short plain literals take the fast path (up to 15 characters every double, long and decimal holds exactly); the
    // rest are converted by their exact digits, so no field reads a number rounded.
    private static object ReadNumber(ref Utf8JsonReader reader, ValueKind kind, string field)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw Unexpected(ref reader, field, CanonicalValues.Describe(kind));
        }
        if (!reader.HasValueSequence && reader.ValueSpan.Length <= 15 && reader.ValueSpan.IndexOfAny((byte)'e', (byte)'E') < 0)
        {
            switch (kind)
            {
                case ValueKind.Number:
                    return reader.GetDouble();
                case ValueKind.Decimal:
                    return reader.GetDecimal();
                case ValueKind.Integer when reader.TryGetInt64(out var whole):
                    return whole;
            }
        }
        var number = JsonElement.ParseValue(ref reader);
        return CanonicalValues.TryConvert(kind, number, out var value, out var error) && value is not null
            ? value
            : throw new JsonException($"Field '{field}': {error}.");
    }

    private static JsonException Unexpected(ref Utf8JsonReader reader, string field, string expected) =>
        new($"Field '{field}' expects {expected}, not {reader.TokenType}.");
}
