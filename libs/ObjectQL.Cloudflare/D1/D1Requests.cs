using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ObjectQL.Cloudflare.D1;

/// <summary>
/// Writes D1 query requests (<c>{"batch":[{"sql":...,"params":[...]}]}</c>, the same body for the HTTP API and the
/// bridge): numbers as JSON numbers, text as strings, booleans as 1/0, blobs as arrays of byte values, NULL as null.
/// Values JSON cannot carry exactly, or D1 cannot store, are refused with an <see cref="ObjectQLException"/>.
/// </summary>
internal static class D1Requests
{
    public static byte[] Batch(IReadOnlyList<D1Statement> statements)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("batch");
            foreach (var statement in statements)
            {
                writer.WriteStartObject();
                writer.WriteString("sql", statement.Sql);
                writer.WriteStartArray("params");
                foreach (var argument in statement.Arguments)
                {
                    WriteValue(writer, argument.Value);
                }
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string text:
                if (text.Length > D1Limits.ValueBytes / 3 && Encoding.UTF8.GetByteCount(text) > D1Limits.ValueBytes)
                {
                    throw D1Limits.Refused($"A text value of {Encoding.UTF8.GetByteCount(text)} bytes exceeds D1's {D1Limits.ValueBytes}-byte limit.", "value_too_large");
                }
                writer.WriteStringValue(text);
                break;
            case long whole: writer.WriteNumberValue(Safe(whole)); break;
            case int whole: writer.WriteNumberValue(whole); break;
            case bool flag: writer.WriteNumberValue(flag ? 1 : 0); break;
            case double number:
                if (!double.IsFinite(number))
                {
                    throw D1Limits.Refused($"The number {number.ToString(CultureInfo.InvariantCulture)} has no JSON form.", "not_finite");
                }
                writer.WriteNumberValue(number);
                break;
            case float number: WriteValue(writer, (double)number); break;
            case byte[] bytes:
                if (bytes.Length > D1Limits.ValueBytes)
                {
                    throw D1Limits.Refused($"A blob of {bytes.Length} bytes exceeds D1's {D1Limits.ValueBytes}-byte limit.", "value_too_large");
                }
                writer.WriteStartArray();
                foreach (var b in bytes)
                {
                    writer.WriteNumberValue(b);
                }
                writer.WriteEndArray();
                break;
            case IFormattable formattable: writer.WriteStringValue(formattable.ToString(null, CultureInfo.InvariantCulture)); break;
            default: throw D1Limits.Refused($"A {value.GetType().Name} value cannot be bound.", "unsupported_value");
        }
    }

    private static long Safe(long whole) => whole is >= -D1Limits.SafeInteger and <= D1Limits.SafeInteger
        ? whole
        : throw D1Limits.Refused($"The integer {whole.ToString(CultureInfo.InvariantCulture)} is beyond ±2^53, which D1's JSON API carries exactly.", "integer_out_of_range");
}
