using System.Buffers;

namespace ObjectQL.Sync.Protocol;

/// <summary>
/// The wire's two fixed text shapes, checked by hand. They were source-generated regular expressions, the only ones a
/// trimmed browser app with sync kept, and they kept <c>System.Text.RegularExpressions</c> in its download for them.
/// </summary>
/// <remarks>
/// Both match the whole text: unlike the expressions' <c>$</c>, a trailing line feed is not accepted.
/// </remarks>
internal static class WireText
{
    private static readonly SearchValues<char> NameCharacters =
        SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz");

    /// <summary>A UUID in canonical form: 36 characters, lower-case hex digits in groups of 8-4-4-4-12 joined by hyphens.</summary>
    public static bool IsCanonicalUuid(ReadOnlySpan<char> text)
    {
        if (text.Length != 36)
        {
            return false;
        }
        for (var i = 0; i < text.Length; i++)
        {
            var expected = i is 8 or 13 or 18 or 23 ? text[i] == '-' : char.IsAsciiHexDigitLower(text[i]);
            if (!expected)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A name: ASCII letters, digits and underscores, at least one, not starting with a digit.</summary>
    public static bool IsName(ReadOnlySpan<char> text) =>
        !text.IsEmpty && !char.IsAsciiDigit(text[0]) && !text.ContainsAnyExcept(NameCharacters);
}
