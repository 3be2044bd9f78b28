using System.Buffers;
using System.Globalization;
using System.Numerics;

namespace ObjectQL.Browser.Interop;

/// <summary>
/// Argument values as compact text, read by <c>decodeArguments</c> in <c>objectql-sqlite-engine.js</c>: <c>n</c> null;
/// <c>s</c>length<c>:</c>text (length in UTF-16 code units, as JavaScript counts); <c>i</c>digits<c>;</c> a number
/// JavaScript holds exactly; <c>b</c>digits<c>;</c> a wider integer (a BigInt there); <c>d</c>number<c>;</c> a real.
/// Booleans are the integers 1 and 0, as SQLite stores them. The text grows in one pooled buffer and becomes a string
/// once: in the interpreter each value costs its copy and a few stores, where a StringBuilder cost a call per append
/// and the runtime's number formatting a dozen calls per number.
/// </summary>
internal sealed class ArgumentText
{
    private const long MaxExact = (1L << 53) - 1;

    private char[] _buffer = [];
    private int _length;

    /// <summary>Appends <paramref name="value"/>.</summary>
    public void Append(object? value)
    {
        switch (value)
        {
            case null: Reserve(1)[0] = 'n'; _length++; break;
            case string s: AppendString(s); break;
            case long whole: AppendWhole(whole is >= -MaxExact and <= MaxExact ? 'i' : 'b', whole); break;
            case int whole: AppendWhole('i', whole); break;
            case double real: AppendReal(real); break;
            case float real: AppendReal(real); break;
            case bool flag: AppendWhole('i', flag ? 1 : 0); break;
            case IFormattable formattable: AppendString(formattable.ToString(null, CultureInfo.InvariantCulture)); break;
            default: throw new InvalidOperationException($"The browser SQLite store cannot bind a {value.GetType().Name}.");
        }
    }

    /// <summary>Appends the place of the request's byte array.</summary>
    public void AppendBytes()
    {
        Reserve(1)[0] = 'u';
        _length++;
    }

    /// <summary>The text written, as one string; the buffer goes back to the pool, so call it once.</summary>
    public string ToStringAndReturn()
    {
        var text = new string(_buffer, 0, _length);
        if (_buffer.Length > 0)
        {
            ArrayPool<char>.Shared.Return(_buffer);
        }
        (_buffer, _length) = ([], 0);
        return text;
    }

    private void AppendString(string value)
    {
        var span = Reserve(value.Length + 12);
        span[0] = 's';
        var at = 1 + WriteDigits(span[1..], (ulong)value.Length);
        span[at++] = ':';
        value.CopyTo(span[at..]);
        _length += at + value.Length;
    }

    private void AppendWhole(char tag, long value)
    {
        var span = Reserve(22);
        span[0] = tag;
        var at = 1;
        if (value < 0)
        {
            span[at++] = '-';
        }
        at += WriteDigits(span[at..], value < 0 ? (ulong)-(value + 1) + 1 : (ulong)value);
        span[at++] = ';';
        _length += at;
    }

    private void AppendReal<T>(T value)
        where T : IFloatingPoint<T>, ISpanFormattable
    {
        if (!T.IsFinite(value))
        {
            // JSON, which carried arguments before, has no such numbers either; SQLite would store NULL or fail.
            throw new InvalidOperationException($"The browser SQLite store cannot bind the number {value}.");
        }
        // A whole number in JavaScript's exact range reads the same from its integer digits ("12" for 12.0, as the
        // shortest round-trip text writes it too), which skip the runtime's shortest-text search; -0 keeps its sign
        // there.
        var whole = double.CreateTruncating(value);
        if (whole == Math.Floor(whole) && Math.Abs(whole) <= MaxExact && !(whole == 0 && double.IsNegative(whole)))
        {
            AppendWhole('d', (long)whole);
            return;
        }
        // The shortest text that reads back as the same number ("R" for reals is the default since .NET Core 3.0).
        var span = Reserve(34);
        span[0] = 'd';
        value.TryFormat(span[1..], out var written, default, CultureInfo.InvariantCulture);
        span[1 + written] = ';';
        _length += written + 2;
    }

    // Digits of value, most significant first; returns how many.
    private static int WriteDigits(Span<char> span, ulong value)
    {
        var count = 1;
        for (var rest = value / 10; rest != 0; rest /= 10)
        {
            count++;
        }
        for (var at = count - 1; at >= 0; at--)
        {
            span[at] = (char)('0' + (int)(value % 10));
            value /= 10;
        }
        return count;
    }

    // Room for at least count more characters, from the end of the text.
    private Span<char> Reserve(int count)
    {
        if (_length + count > _buffer.Length)
        {
            var grown = ArrayPool<char>.Shared.Rent(Math.Max(_length + count, Math.Max(256, _buffer.Length * 2)));
            _buffer.AsSpan(0, _length).CopyTo(grown);
            if (_buffer.Length > 0)
            {
                ArrayPool<char>.Shared.Return(_buffer);
            }
            _buffer = grown;
        }
        return _buffer.AsSpan(_length);
    }
}
