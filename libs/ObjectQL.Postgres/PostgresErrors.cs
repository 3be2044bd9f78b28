using Npgsql;
using ObjectQL.Sql;

namespace ObjectQL.Postgres;

/// <summary>Classifies PostgreSQL's failures by SQLSTATE, with the constraint, column and key the server reports.</summary>
internal static class PostgresErrors
{
    public static SqlStoreError Classify(PostgresException postgres)
    {
        var kind = postgres.SqlState switch
        {
            PostgresErrorCodes.UniqueViolation => SqlErrorKind.UniqueViolation,
            PostgresErrorCodes.ForeignKeyViolation => SqlErrorKind.ForeignKeyViolation,
            PostgresErrorCodes.CheckViolation => SqlErrorKind.CheckViolation,
            PostgresErrorCodes.NotNullViolation => SqlErrorKind.NotNullViolation,
            PostgresErrorCodes.NumericValueOutOfRange => SqlErrorKind.OutOfRange,
            // NUL inside JSON (spelled \u0000, so the dialect's text check cannot see it) or in a list field's JSON array.
            PostgresErrorCodes.UntranslatableCharacter or PostgresErrorCodes.CharacterNotInRepertoire => SqlErrorKind.UnsupportedCharacter,
            PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected => SqlErrorKind.SerializationFailure,
            PostgresErrorCodes.LockNotAvailable => SqlErrorKind.Busy,
            PostgresErrorCodes.ProgramLimitExceeded => SqlErrorKind.TooLarge,
            _ => SqlErrorKind.Other,
        };
        IReadOnlyList<string>? columns = postgres.ColumnName is { } column ? [column] : null;
        if (kind == SqlErrorKind.UniqueViolation)
        {
            columns ??= KeyFields(postgres.Detail);
        }
        return new SqlStoreError(kind, kind == SqlErrorKind.UnsupportedCharacter ? postgres.MessageText : postgres.Message, postgres)
        {
            Constraint = postgres.ConstraintName,
            IsPrimaryKey = postgres.ConstraintName?.EndsWith("_pkey", StringComparison.Ordinal) == true,
            Columns = columns,
        };
    }

    // "Key (a, b)=(...) already exists." when the server sends details.
    private static string[]? KeyFields(string? detail)
    {
        if (detail is null || !detail.StartsWith("Key (", StringComparison.Ordinal))
        {
            return null;
        }
        var end = detail.IndexOf(")=", StringComparison.Ordinal);
        return end < 0 ? null : detail[5..end].Split(", ").Select(f => f.Trim('"')).ToArray();
    }
}
