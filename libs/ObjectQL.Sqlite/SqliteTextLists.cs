using System.Text;

namespace ObjectQL.Sqlite;

/// <summary>
/// A filter's list of texts as the one JSON array text its statement reads with <c>json_each</c>
/// (<see cref="ObjectQL.Sql.Dialects.SqliteDialect"/>'s native instance). Written by hand: only the quote, the backslash
/// and control characters are escaped, every other character goes as it is, and the text is bound like any other, so
/// SQLite compares the same UTF-8 a parameter per value would have carried.
/// </summary>
internal static class SqliteTextLists
{
    public static string Json(string[] texts)
    {
        var length = 2;
        foreach (var text in texts)
        {
            length += text.Length + 3;
        }
        var json = new StringBuilder(length);
        json.Append('[');
        for (var i = 0; i < texts.Length; i++)
        {
            if (i > 0)
            {
                json.Append(',');
            }
            Append(json, texts[i]);
        }
        return json.Append(']').ToString();
    }

    private static void Append(StringBuilder json, string text)
    {
        json.Append('"');
        var plain = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is not ('"' or '\\') && c >= ' ')
            {
                continue;
            }
            json.Append(text, plain, i - plain);
            plain = i + 1;
            json.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                _ => "\\u" + ((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture),
            });
        }
        json.Append(text, plain, text.Length - plain).Append('"');
    }
}
