namespace ObjectQL.Values;

// The digits of an ISO 8601 instant written straight into a span, and read back from one: the SQL stores' time stamps and the sync clocks both
// write one per value on their hot paths, where culture-aware formatting cost a dozen calls per value.
internal static class InstantText
{
    /// <summary>Writes <c>yyyy-MM-ddTHH:mm:ss</c> of <paramref name="utc"/> into the first 19 characters of text.</summary>
    public static void WriteSeconds(Span<char> text, DateTime utc)
    {
        Digits(text[..4], utc.Year);
        text[4] = '-';
        Digits(text.Slice(5, 2), utc.Month);
        text[7] = '-';
        Digits(text.Slice(8, 2), utc.Day);
        text[10] = 'T';
        Digits(text.Slice(11, 2), utc.Hour);
        text[13] = ':';
        Digits(text.Slice(14, 2), utc.Minute);
        text[16] = ':';
        Digits(text.Slice(17, 2), utc.Second);
    }

    /// <summary>Writes value as exactly text.Length decimal digits, zero-padded on the left.</summary>
    public static void Digits(Span<char> text, int value)
    {
        for (var i = text.Length - 1; i >= 0; i--)
        {
            text[i] = (char)('0' + value % 10);
            value /= 10;
        }
    }

    /// <summary>Reads text as decimal digits only (no sign, no spaces); false for any other character.</summary>
    public static bool TryDigits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            var digit = c - '0';
            if ((uint)digit > 9)
            {
                return false;
            }
            value = value * 10 + digit;
        }
        return true;
    }
}
