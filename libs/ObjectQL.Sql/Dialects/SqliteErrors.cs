namespace ObjectQL.Sql.Dialects;

/// <summary>
/// Classifies SQLite's failures from what every SQLite-speaking store reports: the result codes when the client library
/// exposes them (Microsoft.Data.Sqlite), otherwise SQLite's own message text, which stores such as Cloudflare D1 pass on
/// (<c>UNIQUE constraint failed: t.email: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_UNIQUE)</c>).
/// </summary>
public static class SqliteErrors
{
    private const string Failed = "constraint failed";

    /// <summary>
    /// The classified form of a SQLite failure: <paramref name="message"/> is SQLite's text (possibly wrapped),
    /// <paramref name="resultCode"/> and <paramref name="extendedCode"/> its result codes when known.
    /// </summary>
    public static SqlStoreError Classify(Exception exception, string message, int? resultCode = null, int? extendedCode = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(message);
        var kind = extendedCode is { } extended ? KindOfExtended(extended) : null;
        kind ??= resultCode switch
        {
            5 or 6 => SqlErrorKind.Busy,
            18 => SqlErrorKind.TooLarge,
            19 => KindOfText(message) ?? SqlErrorKind.ConstraintViolation,
            null => KindOfText(message),
            _ => SqlErrorKind.Other,
        };
        var error = new SqlStoreError(kind ?? SqlErrorKind.Other, message, exception);
        var subject = Subject(message);
        return kind switch
        {
            SqlErrorKind.UniqueViolation when subject.StartsWith("index '", StringComparison.Ordinal) =>
                error with { Constraint = subject["index '".Length..].TrimEnd('\'') },
            SqlErrorKind.UniqueViolation => error with { Columns = subject.Split(", ") },
            SqlErrorKind.NotNullViolation => error with { Columns = [subject] },
            SqlErrorKind.CheckViolation => error with { Constraint = subject },
            _ => error,
        };
    }

    // SQLite's extended result codes of interest (sqlite.org/rescode.html).
    private static SqlErrorKind? KindOfExtended(int code) => code switch
    {
        2067 or 1555 => SqlErrorKind.UniqueViolation,
        787 => SqlErrorKind.ForeignKeyViolation,
        275 => SqlErrorKind.CheckViolation,
        1299 => SqlErrorKind.NotNullViolation,
        _ when (code & 0xFF) == 19 => SqlErrorKind.ConstraintViolation,
        _ when (code & 0xFF) is 5 or 6 => SqlErrorKind.Busy,
        _ when (code & 0xFF) == 18 => SqlErrorKind.TooLarge,
        _ => null,
    };

    private static SqlErrorKind? KindOfText(string message)
    {
        if (message.Contains("UNIQUE " + Failed, StringComparison.Ordinal) || message.Contains("PRIMARY KEY " + Failed, StringComparison.Ordinal))
        {
            return SqlErrorKind.UniqueViolation;
        }
        if (message.Contains("NOT NULL " + Failed, StringComparison.Ordinal))
        {
            return SqlErrorKind.NotNullViolation;
        }
        if (message.Contains("FOREIGN KEY " + Failed, StringComparison.Ordinal))
        {
            return SqlErrorKind.ForeignKeyViolation;
        }
        if (message.Contains("CHECK " + Failed, StringComparison.Ordinal))
        {
            return SqlErrorKind.CheckViolation;
        }
        if (message.Contains(Failed, StringComparison.Ordinal) || message.Contains("SQLITE_CONSTRAINT", StringComparison.Ordinal))
        {
            return SqlErrorKind.ConstraintViolation;
        }
        if (message.Contains("SQLITE_BUSY", StringComparison.Ordinal) || message.Contains("SQLITE_LOCKED", StringComparison.Ordinal)
            || message.Contains("database is locked", StringComparison.Ordinal))
        {
            return SqlErrorKind.Busy;
        }
        if (message.Contains("SQLITE_TOOBIG", StringComparison.Ordinal) || message.Contains("too big", StringComparison.Ordinal))
        {
            return SqlErrorKind.TooLarge;
        }
        return null;
    }

    // What follows "constraint failed: " up to the end of SQLite's text: Microsoft.Data.Sqlite wraps it in quotes
    // ("SQLite Error 19: '...'."), D1 appends ": SQLITE_CONSTRAINT (extended: ...)".
    private static string Subject(string message)
    {
        var at = message.IndexOf(Failed + ": ", StringComparison.Ordinal);
        if (at < 0)
        {
            return string.Empty;
        }
        var subject = message[(at + Failed.Length + 2)..];
        var code = subject.IndexOf(": SQLITE_", StringComparison.Ordinal);
        if (code >= 0)
        {
            subject = subject[..code];
        }
        return subject.Trim().TrimEnd('\'', '.');
    }
}
