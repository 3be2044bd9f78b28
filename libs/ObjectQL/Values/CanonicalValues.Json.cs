using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace ObjectQL.Values;

public static partial class CanonicalValues
{
    /// <summary>
    /// Writes a canonical value as JSON: numbers as numbers, dates as <c>yyyy-MM-dd</c>, date-times as ISO 8601 with
    /// offset, times as <c>HH:mm:ss.fffffff</c>, JSON values as they are, lists and vectors as arrays.
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
                writer.WriteStringValue(time.ToString("HH:mm:ss.fffffff", CultureInfo.InvariantCulture));
                break;
            case DateTimeOffset dateTime:
                writer.WriteStringValue(dateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture));
                break;
            case JsonElement element:
                element.WriteTo(writer);
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
