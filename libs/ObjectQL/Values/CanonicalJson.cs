using System.Buffers;
using System.Numerics;
using System.Text;
using System.Text.Json;

namespace ObjectQL.Values;

/// <summary>
/// The one canonical byte form of a JSON value, shared by the core's value order and the sync resolvers, so every
/// replica and every implementation compares, orders and hashes values the same way.
/// <list type="bullet">
/// <item>Objects: members sorted by name in Unicode code point order (the order of their UTF-8 bytes), no spaces.</item>
/// <item>Strings: UTF-8, escaping only <c>"</c>, <c>\</c> and U+0000-U+001F (<c>\b \t \n \f \r</c>, else <c>\u00xx</c>).</item>
/// <item>Numbers: RFC 8785's number form applied to the number's exact decimal digits, never through a double:
/// <c>1</c>, <c>1.0</c>, <c>1e0</c> and <c>10e-1</c> are all <c>1</c>; <c>-0</c> is <c>0</c>; <c>9007199254740993</c> stays exact;
/// <c>1e400</c> is <c>1e+400</c>. For every number a double holds exactly in its shortest form this equals RFC 8785.</item>
/// </list>
/// Text is not Unicode-normalised: NFC and NFD spellings of one text are different values.
/// </summary>
public static class CanonicalJson
{
    /// <summary>The canonical UTF-8 bytes of a value.</summary>
    public static byte[] ToBytes(JsonElement value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Write(buffer, value);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Orders two values by their canonical bytes: a total order, the same in every implementation.</summary>
    public static int Compare(JsonElement left, JsonElement right) => ToBytes(left).AsSpan().SequenceCompareTo(ToBytes(right));

    /// <summary>True when two values have the same canonical bytes: objects by members in any order, numbers by exact value.</summary>
    public static bool ValueEquals(JsonElement left, JsonElement right) => Compare(left, right) == 0;

    /// <summary>Writes a value's canonical bytes into <paramref name="writer"/>.</summary>
    public static void WriteTo(Utf8JsonWriter writer, JsonElement value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteRawValue(ToBytes(value), skipInputValidation: true);
    }

    private static void Write(ArrayBufferWriter<byte> output, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var members = value.EnumerateObject().Select(m => (Name: NameOf(m), m.Value)).ToList();
                members.Sort((x, y) => CodePointOrder(x.Name, y.Name));
                Append(output, "{");
                for (var i = 0; i < members.Count; i++)
                {
                    Append(output, i == 0 ? string.Empty : ",");
                    WriteString(output, members[i].Name);
                    Append(output, ":");
                    Write(output, members[i].Value);
                }
                Append(output, "}");
                break;
            case JsonValueKind.Array:
                Append(output, "[");
                var first = true;
                foreach (var item in value.EnumerateArray())
                {
                    Append(output, first ? string.Empty : ",");
                    first = false;
                    Write(output, item);
                }
                Append(output, "]");
                break;
            case JsonValueKind.String:
                WriteString(output, TextOf(value));
                break;
            case JsonValueKind.Number:
                Append(output, Number(value.GetRawText()));
                break;
            case JsonValueKind.True:
                Append(output, "true");
                break;
            case JsonValueKind.False:
                Append(output, "false");
                break;
            default:
                Append(output, "null");
                break;
        }
    }

    /// <summary>The canonical text of a JSON number literal (see the type's remarks).</summary>
    public static string Number(string literal)
    {
        ArgumentNullException.ThrowIfNull(literal);
        var negative = literal.StartsWith('-');
        var body = negative ? literal[1..] : literal;
        var e = body.IndexOfAny(['e', 'E']);
        var mantissa = e < 0 ? body : body[..e];
        var exponent = e < 0 ? BigInteger.Zero : BigInteger.Parse(body[(e + 1)..].TrimStart('+'), System.Globalization.CultureInfo.InvariantCulture);
        var dot = mantissa.IndexOf('.');
        var integer = dot < 0 ? mantissa : mantissa[..dot];
        var fraction = dot < 0 ? string.Empty : mantissa[(dot + 1)..];
        var all = integer + fraction;
        var leading = all.Length - all.TrimStart('0').Length;
        var digits = all.Trim('0');
        if (digits.Length == 0)
        {
            return "0";
        }
        // value = 0.digits x 10^n
        var n = exponent + integer.Length - leading;
        var k = digits.Length;
        var text = new StringBuilder(negative ? "-" : string.Empty);
        if (n >= k && n <= 21)
        {
            text.Append(digits).Append('0', (int)n - k);
        }
        else if (n > 0 && n <= 21)
        {
            text.Append(digits, 0, (int)n).Append('.').Append(digits, (int)n, k - (int)n);
        }
        else if (n > -6 && n <= 0)
        {
            text.Append("0.").Append('0', -(int)n).Append(digits);
        }
        else
        {
            text.Append(digits[0]);
            if (k > 1)
            {
                text.Append('.').Append(digits, 1, k - 1);
            }
            var power = n - 1;
            text.Append('e').Append(power.Sign < 0 ? '-' : '+').Append(BigInteger.Abs(power).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }

    private static string NameOf(JsonProperty member) => Unpaired(() => member.Name);

    private static string TextOf(JsonElement value) => Unpaired(() => value.GetString()!);

    private static string Unpaired(Func<string> read)
    {
        try
        {
            return read();
        }
        catch (InvalidOperationException e)
        {
            throw new ObjectQLException(ErrorCodes.InvalidRequest, "A JSON string holds an unpaired UTF-16 surrogate; text must be valid Unicode.",
                [new ErrorDetail(null, "Unpaired surrogate in a string.", "invalid_unicode")], e);
        }
    }

    private static int CodePointOrder(string left, string right) =>
        Encoding.UTF8.GetBytes(left).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(right));

    private static void WriteString(ArrayBufferWriter<byte> output, string text)
    {
        var escaped = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => escaped.Append("\\\""),
                '\\' => escaped.Append("\\\\"),
                '\b' => escaped.Append("\\b"),
                '\t' => escaped.Append("\\t"),
                '\n' => escaped.Append("\\n"),
                '\f' => escaped.Append("\\f"),
                '\r' => escaped.Append("\\r"),
                < ' ' => escaped.Append("\\u00").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture)),
                _ => escaped.Append(c),
            };
        }
        Append(output, escaped.Append('"').ToString());
    }

    private static void Append(ArrayBufferWriter<byte> output, string text)
    {
        if (text.Length > 0)
        {
            output.Write(Encoding.UTF8.GetBytes(text));
        }
    }
}
