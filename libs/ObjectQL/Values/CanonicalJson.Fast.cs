using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ObjectQL.Values;

// What keeps the canonical form cheap on the write path: a value already in canonical form is copied as it is, the
// common record values are written without a parsed document, and the bytes are put together in one buffer per thread.
public static partial class CanonicalJson
{
    private const int MaxKeptScratchBytes = 64 * 1024;

    // Two, so a comparison writes both sides without allocating.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _scratch;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _spare;

    /// <summary>True when a canonical record value and a JSON value have the same canonical bytes.</summary>
    internal static bool ValueEquals(object? recordValue, JsonElement value)
    {
        if (SameWithoutWriting(recordValue, value))
        {
            return true;
        }
        var (left, right) = (RentScratch(), RentScratch());
        try
        {
            Write(left, recordValue);
            Write(right, value);
            return left.WrittenSpan.SequenceEqual(right.WrittenSpan);
        }
        finally
        {
            ReturnScratch(right);
            ReturnScratch(left);
        }
    }

    // The common case of a stored value compared with the one sent for it: the same text (sent without escapes, so its raw
    // bytes are its text), the same flag, or both null have the same canonical bytes without writing either. Anything
    // else is written and compared.
    private static bool SameWithoutWriting(object? recordValue, JsonElement value) => recordValue switch
    {
        null => value.ValueKind == JsonValueKind.Null,
        bool flag => value.ValueKind == (flag ? JsonValueKind.True : JsonValueKind.False),
        string text => value.ValueKind == JsonValueKind.String
            && System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(value).IndexOf((byte)'\\') < 0
            && CanonicalValues.IndexOfUnpairedSurrogate(text) < 0 && value.ValueEquals(text),
        _ => false,
    };

    /// <summary>
    /// The canonical UTF-8 bytes of a canonical record value (what <see cref="CanonicalValues.WriteJson"/> writes, in
    /// canonical form): text, whole numbers, booleans and null directly; other values through their JSON element.
    /// </summary>
    internal static byte[] RecordValueBytes(object? value)
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

    /// <summary>
    /// True when <paramref name="utf8"/> already is the canonical UTF-8 of the canonical record value
    /// <paramref name="value"/> (what <see cref="RecordValueBytes"/> would return), written into the thread's scratch
    /// buffer: a value sent in canonical form costs no array.
    /// </summary>
    internal static bool IsRecordValueBytes(object? value, ReadOnlySpan<byte> utf8)
    {
        var output = RentScratch();
        try
        {
            Write(output, value);
            return output.WrittenSpan.SequenceEqual(utf8);
        }
        finally
        {
            ReturnScratch(output);
        }
    }

    private static void Write(ArrayBufferWriter<byte> output, object? value)
    {
        switch (value)
        {
            case null:
                output.Write("null"u8);
                break;
            case bool flag:
                output.Write(flag ? "true"u8 : "false"u8);
                break;
            // A long has at most 19 digits: its invariant text is its canonical number.
            case long whole:
                whole.TryFormat(output.GetSpan(20), out var written, default, CultureInfo.InvariantCulture);
                output.Advance(written);
                break;
            // The shortest round-trip text, as the JSON writer has it; kept when already canonical (no exponent).
            case double number when TryWriteCanonical(output, number):
                break;
            case string text when CanonicalValues.IndexOfUnpairedSurrogate(text) < 0:
                WriteString(output, text);
                break;
            case JsonElement { ValueKind: not JsonValueKind.Undefined } element:
                Write(output, element);
                break;
            default:
                Write(output, CanonicalValues.ToJsonElement(value));
                break;
        }
    }

    private static bool TryWriteCanonical(ArrayBufferWriter<byte> output, double number)
    {
        var text = output.GetSpan(32);
        if (!number.TryFormat(text, out var written, "R", CultureInfo.InvariantCulture) || !IsCanonicalNumber(text[..written]))
        {
            return false;
        }
        output.Advance(written);
        return true;
    }

    // True when the literal is its own canonical number: no exponent, no trailing zero after a point, at most 21
    // integer digits, and under 1 at most five zeros after the point (what Number would write the same way).
    private static bool IsCanonicalNumber(string literal)
    {
        Span<byte> ascii = stackalloc byte[32];
        return literal.Length <= ascii.Length && Ascii.FromUtf16(literal, ascii, out var written) == OperationStatus.Done
            && IsCanonicalNumber(ascii[..written]);
    }

    private static bool IsCanonicalNumber(ReadOnlySpan<byte> literal)
    {
        var body = literal is [(byte)'-', ..] ? literal[1..] : literal;
        var dot = body.IndexOf((byte)'.');
        var integer = dot < 0 ? body : body[..dot];
        if (integer.IsEmpty || integer.Length > 21 || integer.ContainsAnyExceptInRange((byte)'0', (byte)'9'))
        {
            return false;
        }
        if (dot < 0)
        {
            // "0" is canonical, "-0" and leading zeros are not.
            return integer[0] != '0' || (integer.Length == 1 && body.Length == literal.Length);
        }
        var fraction = body[(dot + 1)..];
        if (fraction.IsEmpty || fraction[^1] == '0' || fraction.ContainsAnyExceptInRange((byte)'0', (byte)'9'))
        {
            return false;
        }
        return integer[0] != '0' || (integer.Length == 1 && fraction.IndexOfAnyExcept((byte)'0') < 6);
    }

    // Taken, not shared: a nested use gets a fresh buffer instead of the one in use.
    private static ArrayBufferWriter<byte> RentScratch()
    {
        if (_scratch is { } kept)
        {
            _scratch = null;
            return kept;
        }
        if (_spare is { } spare)
        {
            _spare = null;
            return spare;
        }
        return new ArrayBufferWriter<byte>(256);
    }

    // A huge value's buffer is not kept.
    private static void ReturnScratch(ArrayBufferWriter<byte> scratch)
    {
        scratch.ResetWrittenCount();
        if (scratch.Capacity > MaxKeptScratchBytes)
        {
            return;
        }
        if (_scratch is null)
        {
            _scratch = scratch;
        }
        else
        {
            _spare ??= scratch;
        }
    }
}
