namespace ObjectQL.Sqlite;

/// <summary>
/// A filter's list of texts as the one JSON array text its statement reads with <c>json_each</c>
/// (<see cref="ObjectQL.Sql.Dialects.SqliteDialect"/>'s native instance). Written by hand: only the quote, the backslash
/// and control characters are escaped, every other character goes as it is, and the text is bound like any other, so
/// SQLite compares the same UTF-8 a parameter per value would have carried. Measured first and written once into a
/// string of its exact length (500 ids are some 20,000 characters).
/// </summary>
internal static class SqliteTextLists
{
    public static string Json(string[] texts)
    {
        var length = texts.Length == 0 ? 2 : texts.Length + 1;
        foreach (var text in texts)
        {
            length += 2;
            foreach (var c in text)
            {
                length += c is '"' or '\\' ? 2 : c < ' ' ? 6 : 1;
            }
        }
        return string.Create(length, texts, static (json, texts) =>
        {
            var at = 0;
            json[at++] = '[';
            for (var i = 0; i < texts.Length; i++)
            {
                if (i > 0)
                {
                    json[at++] = ',';
                }
                at = Write(json, at, texts[i]);
            }
            json[at] = ']';
        });
    }

    private static int Write(Span<char> json, int at, string text)
    {
        json[at++] = '"';
        foreach (var c in text)
        {
            if (c is '"' or '\\')
            {
                json[at++] = '\\';
                json[at++] = c;
            }
            else if (c < ' ')
            {
                "\\u00".CopyTo(json[at..]);
                ((int)c).TryFormat(json[(at + 4)..], out _, "x2", System.Globalization.CultureInfo.InvariantCulture);
                at += 6;
            }
            else
            {
                json[at++] = c;
            }
        }
        json[at++] = '"';
        return at;
    }
}
