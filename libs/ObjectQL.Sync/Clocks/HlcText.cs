using ObjectQL.Values;

namespace ObjectQL.Sync.Clocks;

/// <summary>
/// The text form of <see cref="HlcTimestamp"/> written and read digit by digit: a push formats and parses several
/// clocks per mutation, and the culture-aware date formatting and exact parsing cost more than the rest of a clock's
/// work together. Accepts exactly what <c>yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff'Z'</c> read with the invariant culture
/// accepted, and writes the same characters.
/// </summary>
internal static class HlcText
{
    // The node of the last clock read on this thread: the clocks of one request share their client's node, so most
    // reads take the string already made instead of a new copy of the same characters.
    [ThreadStatic]
    private static string? _lastNode;

    // Written on the stack and copied once (a node is at most 128 characters), not through string.Create with a state
    // tuple, whose instantiation a native build would compile for this one caller.
    public static string Format(long wallMilliseconds, uint counter, string node)
    {
        Span<char> text = stackalloc char[HlcTimestamp.PrefixLength + HlcTimestamp.MaxNodeLength];
        var wall = DateTime.UnixEpoch.AddMilliseconds(wallMilliseconds);
        InstantText.WriteSeconds(text, wall);
        text[19] = '.';
        InstantText.Digits(text.Slice(20, 3), wall.Millisecond);
        text[23] = 'Z';
        text[24] = '-';
        for (var i = 7; i >= 0; i--)
        {
            var nibble = (int)((counter >> ((7 - i) * 4)) & 0xF);
            text[25 + i] = (char)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
        }
        text[33] = '-';
        node.CopyTo(text[HlcTimestamp.PrefixLength..]);
        return new string(text[..(HlcTimestamp.PrefixLength + node.Length)]);
    }

    /// <summary>The 24 characters of the wall time as milliseconds since the Unix epoch (negative before 1970).</summary>
    public static bool TryParseWall(ReadOnlySpan<char> text, out long milliseconds)
    {
        milliseconds = 0;
        if (text.Length != 24 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != '.' || text[23] != 'Z')
        {
            return false;
        }
        if (!InstantText.TryDigits(text[..4], out var year) || !InstantText.TryDigits(text.Slice(5, 2), out var month) || !InstantText.TryDigits(text.Slice(8, 2), out var day)
            || !InstantText.TryDigits(text.Slice(11, 2), out var hour) || !InstantText.TryDigits(text.Slice(14, 2), out var minute) || !InstantText.TryDigits(text.Slice(17, 2), out var second)
            || !InstantText.TryDigits(text.Slice(20, 3), out var millisecond))
        {
            return false;
        }
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }
        var wall = new DateTime(year, month, day, hour, minute, second, millisecond, DateTimeKind.Utc);
        milliseconds = (wall.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond;
        return true;
    }

    /// <summary>The node's text as a string, or null when it is not a valid node.</summary>
    public static string? Node(ReadOnlySpan<char> text)
    {
        if (_lastNode is { } last && text.SequenceEqual(last))
        {
            return last;
        }
        var node = text.ToString();
        if (!HlcTimestamp.IsValidNode(node))
        {
            return null;
        }
        _lastNode = node;
        return node;
    }
}
