using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace ObjectQL.Values;

public static partial class CanonicalValues
{
    /// <summary>
    /// Writes a canonical value as JSON: numbers as numbers, dates as <c>yyyy-MM-dd</c>, date-times as ISO 8601 with
    /// offset, times as <c>HH:mm:ss</c> with the fraction when there is one, JSON values as they are (an undefined one as
    /// null), lists and vectors as arrays. Entities (<see cref="Entities.Generated.EntityJson"/>) and queries write values this one way.
    /// Reading it back with the field's kind (<see cref="TryConvert(FieldShape, object?, out object?, out string?)"/>) gives the same value.
    /// </summary>
    public static void WriteJson(Utf8JsonWriter writer, object? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case double d:
                writer.WriteNumberValue(d);
                break;
            case decimal m:
                writer.WriteNumberValue(m);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case int i:
                writer.WriteNumberValue(i);
                break;
            case float f:
                writer.WriteNumberValue(f);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case DateOnly date:
                writer.WriteStringValue(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                break;
            case TimeOnly time:
                writer.WriteStringValue(time.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture).TrimEnd('.'));
                break;
            case DateTimeOffset dateTime:
                writer.WriteStringValue(dateTime);
                break;
            case JsonElement { ValueKind: JsonValueKind.Undefined }:
                writer.WriteNullValue();
                break;
            case JsonElement element:
                element.WriteTo(writer);
                break;
            case IEnumerable<KeyValuePair<string, object?>> related:
                // An expanded reference (Query.Expand): the related record as an object.
                writer.WriteStartObject();
                foreach (var (field, item) in related)
                {
                    writer.WritePropertyName(field);
                    WriteJson(writer, item);
                }
                writer.WriteEndObject();
                break;
            case IEnumerable list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    WriteJson(writer, item);
                }
                writer.WriteEndArray();
                break;
            default:
                throw new ObjectQLException(ErrorCodes.InvalidRequest, $"A value of type {value.GetType().Name} is not a canonical record value.");
        }
    }
}
