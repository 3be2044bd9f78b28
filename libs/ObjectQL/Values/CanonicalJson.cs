using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

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
public static partial class CanonicalJson
{
    /// <summary>The canonical UTF-8 bytes of a value.</summary>
    public static byte[] ToBytes(JsonElement value)
    {
        var output = RentScratch();
        try
        {
            Write(output, value);
            return output.WrittenSpan.ToArray();
        }
        finally
        {
            ReturnScratch(output);
        }
    }

    /// <summary>How many canonical UTF-8 bytes a value takes, without copying them out (a record's size check).</summary>
    internal static int ByteCount(JsonElement value)
    {
        var output = RentScratch();
        try
        {
            Write(output, value);
            return output.WrittenCount;
        }
        finally
        {
            ReturnScratch(output);
        }
    }

    /// <summary>Orders two values by their canonical bytes: a total order, the same in every implementation.</summary>
    public static int Compare(JsonElement left, JsonElement right)
    {
        var (a, b) = (RentScratch(), RentScratch());
        try
        {
            Write(a, left);
            Write(b, right);
            return a.WrittenSpan.SequenceCompareTo(b.WrittenSpan);
        }
        finally
        {
            ReturnScratch(b);
            ReturnScratch(a);
        }
    }

    /// <summary>True when two values have the same canonical bytes: objects by members in any order, numbers by exact value.</summary>
    public static bool ValueEquals(JsonElement left, JsonElement right) => Compare(left, right) == 0;

    /// <summary>Writes a value's canonical bytes into <paramref name="writer"/>.</summary>
    public static void WriteTo(Utf8JsonWriter writer, JsonElement value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var output = RentScratch();
        try
        {
            Write(output, value);
            writer.WriteRawValue(output.WrittenSpan, skipInputValidation: true);
        }
        finally
        {
            ReturnScratch(output);
        }
    }

    private static void Write(ArrayBufferWriter<byte> output, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var members = value.EnumerateObject().Select(m => (Name: NameOf(m), m.Value)).ToList();
                members.Sort((x, y) => CodePointOrder(x.Name, y.Name));
                output.Write("{"u8);
                for (var i = 0; i < members.Count; i++)
                {
                    if (i > 0)
                    {
                        output.Write(","u8);
                    }
                    WriteString(output, members[i].Name);
                    output.Write(":"u8);
                    Write(output, members[i].Value);
                }
                output.Write("}"u8);
                break;
            case JsonValueKind.Array:
                output.Write("["u8);
                var first = true;
                foreach (var item in value.EnumerateArray())
                {
                    if (!first)
                    {
                        output.Write(","u8);
                    }
                    first = false;
                    Write(output, item);
                }
                output.Write("]"u8);
                break;
            case JsonValueKind.String:
                WriteString(output, value);
                break;
            case JsonValueKind.Number:
                WriteNumber(output, System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(value));
                break;
            case JsonValueKind.True:
                output.Write("true"u8);
                break;
            case JsonValueKind.False:
                output.Write("false"u8);
                break;
            default:
                output.Write("null"u8);
                break;
        }
    }

    /// <summary>The canonical text of a JSON number literal (see the type's remarks).</summary>
    public static string Number(string literal)
    {
        ArgumentNullException.ThrowIfNull(literal);
        if (IsCanonicalNumber(literal))
        {
            return literal;
        }
        var negative = literal.StartsWith('-');
        var body = negative ? literal[1..] : literal;
        var e = body.IndexOfAny(['e', 'E']);
        var mantissa = e < 0 ? body : body[..e];
        var exponentText = e < 0 ? "0" : body[(e + 1)..];
        var huge = !LiteralExponent.TryParseSmall(exponentText, out var exponent);
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
        if (huge)
        {
            // Far beyond every fixed-point range: the exponential form, its power computed on the exponent's digits.
            text.Append(digits[0]);
            if (k > 1)
            {
                text.Append('.').Append(digits, 1, k - 1);
            }
            text.Append('e').Append(LiteralExponent.Shift(exponentText, integer.Length - leading - 1L));
        }
        else if (n >= k && n <= 21)
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
            text.Append('e').Append(power < 0 ? '-' : '+').Append(Math.Abs(power).ToString(System.Globalization.CultureInfo.InvariantCulture));
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

    // UTF-16 order is code point order except that a surrogate pair (a code point above U+FFFF) sorts below U+E000-U+FFFF;
    // the texts are valid (NameOf refused unpaired surrogates), so the first differing unit decides.
    private static int CodePointOrder(string left, string right)
    {
        var common = left.AsSpan().CommonPrefixLength(right);
        if (common == left.Length || common == right.Length)
        {
            return left.Length.CompareTo(right.Length);
        }
        var (l, r) = (left[common], right[common]);
        return char.IsSurrogate(l) == char.IsSurrogate(r) ? l.CompareTo(r) : char.IsSurrogate(l) ? 1 : -1;
    }

    // A string whose JSON text holds no escape is its own canonical form (JSON text holds no raw quote or control
    // character); its UTF-8 is checked as reading the text would (TextOf), so invalid bytes are refused the same way.
    private static void WriteString(ArrayBufferWriter<byte> output, JsonElement value)
    {
        var raw = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(value);
        if (raw.IndexOf((byte)'\\') < 0 && Utf8.IsValid(raw))
        {
            output.Write(raw);
            return;
        }
        WriteString(output, TextOf(value));
    }

    private static void WriteString(ArrayBufferWriter<byte> output, string text)
    {
        output.Write("\""u8);
        var plain = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is not ('"' or '\\') && c >= ' ')
            {
                continue;
            }
            WriteUtf8(output, text.AsSpan(plain, i - plain));
            plain = i + 1;
            if (ShortEscape(c) is { IsEmpty: false } escape)
            {
                output.Write(escape);
                continue;
            }
            output.Write("\\u00"u8);
            ((byte)c).TryFormat(output.GetSpan(2), out var hex, "x2", System.Globalization.CultureInfo.InvariantCulture);
            output.Advance(hex);
        }
        WriteUtf8(output, text.AsSpan(plain));
        output.Write("\""u8);
    }

    private static ReadOnlySpan<byte> ShortEscape(char c) => c switch
    {
        '"' => "\\\""u8,
        '\\' => "\\\\"u8,
        '\b' => "\\b"u8,
        '\t' => "\\t"u8,
        '\n' => "\\n"u8,
        '\f' => "\\f"u8,
        '\r' => "\\r"u8,
        _ => [],
    };

    private static void WriteUtf8(ArrayBufferWriter<byte> output, ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return;
        }
        var written = Encoding.UTF8.GetBytes(text, output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length)));
        output.Advance(written);
    }

    private static void WriteNumber(ArrayBufferWriter<byte> output, ReadOnlySpan<byte> literal)
    {
        if (IsCanonicalNumber(literal))
        {
            output.Write(literal);
            return;
        }
        WriteUtf8(output, Number(Encoding.UTF8.GetString(literal)));
    }
}
