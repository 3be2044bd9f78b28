namespace ObjectQL.Validation;

/// <summary>
/// The built-in <c>email</c> and <c>phone</c> formats as one pass over the text: linear time with no timeout to trip on
/// a slow host, and no regular-expression engine carried into a trimmed or native binary for two fixed shapes.
/// </summary>
internal static class TextFormats
{
    /// <summary><c>local@domain.tld</c>: one <c>@</c>, no white space, a dot in the domain with text on both sides of the last one.</summary>
    public static bool IsEmail(string text)
    {
        var at = -1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c) || (c == '@' && at >= 0))
            {
                return false;
            }
            if (c == '@')
            {
                at = i;
            }
        }
        var lastDot = text.LastIndexOf('.');
        return at > 0 && lastDot > at + 1 && lastDot < text.Length - 1;
    }

    /// <summary>An optional <c>+</c>, then 3 to 32 of the digits 0-9, spaces, parentheses, hyphens and dots.</summary>
    public static bool IsPhone(string text)
    {
        var start = text.StartsWith('+') ? 1 : 0;
        var length = text.Length - start;
        if (length is < 3 or > 32)
        {
            return false;
        }
        foreach (var c in text.AsSpan(start))
        {
            if (!char.IsAsciiDigit(c) && c is not (' ' or '(' or ')' or '-' or '.'))
            {
                return false;
            }
        }
        return true;
    }
}
