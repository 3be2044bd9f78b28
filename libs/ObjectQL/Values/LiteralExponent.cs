using System.Globalization;

namespace ObjectQL.Values;

/// <summary>
/// The exponent of a JSON number literal, exact at any length without a big-integer type (whose assembly a trimmed app
/// would otherwise download and load for this alone): a <see cref="long"/> up to 10^17, which leaves room for the
/// literal's own digit shift, and decimal digits beyond, where only a small shift is ever added.
/// </summary>
internal static class LiteralExponent
{
    private const long SmallLimit = 100_000_000_000_000_000;
    private const long TailUnit = 1_000_000_000_000_000_000;
    private const int TailDigits = 18;

    /// <summary>Reads <paramref name="text"/> (<c>[+-]digits</c>) when its value is at most 10^17 either way.</summary>
    public static bool TryParseSmall(string text, out long exponent) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent) && exponent is > -SmallLimit and < SmallLimit;

    /// <summary>
    /// The signed text (<c>+digits</c> or <c>-digits</c>) of the exponent <paramref name="text"/> plus
    /// <paramref name="shift"/>, for an exponent <see cref="TryParseSmall"/> refused: beyond 10^17, so the sum keeps
    /// the exponent's sign.
    /// </summary>
    public static string Shift(string text, long shift)
    {
        var negative = text[0] == '-';
        var magnitude = text.TrimStart('+', '-').TrimStart('0');
        var change = negative ? -shift : shift;
        var head = magnitude[..^TailDigits];
        var tail = long.Parse(magnitude.AsSpan(magnitude.Length - TailDigits), NumberStyles.None, CultureInfo.InvariantCulture) + change;
        if (tail >= TailUnit)
        {
            tail -= TailUnit;
            head = Increment(head);
        }
        else if (tail < 0)
        {
            tail += TailUnit;
            head = Decrement(head);
        }
        var digits = (head + tail.ToString("D18", CultureInfo.InvariantCulture)).TrimStart('0');
        return (negative ? "-" : "+") + digits;
    }

    private static string Increment(string digits)
    {
        var chars = digits.ToCharArray();
        for (var i = chars.Length - 1; i >= 0; i--)
        {
            if (chars[i] != '9')
            {
                chars[i]++;
                return new string(chars);
            }
            chars[i] = '0';
        }
        return "1" + new string(chars);
    }

    // Only for a head above zero: the magnitude is beyond 10^17 and the shift far smaller.
    private static string Decrement(string digits)
    {
        var chars = digits.ToCharArray();
        for (var i = chars.Length - 1; i >= 0; i--)
        {
            if (chars[i] != '0')
            {
                chars[i]--;
                break;
            }
            chars[i] = '9';
        }
        return new string(chars);
    }
}
