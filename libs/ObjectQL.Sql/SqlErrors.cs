using ObjectQL.Metadata;

namespace ObjectQL.Sql;

/// <summary>
/// The one place a classified store failure (<see cref="SqlStoreError"/>) becomes an <see cref="ObjectQLException"/>:
/// unique violations are <see cref="ErrorCodes.Conflict"/> naming the fields, foreign key, check, not-null and range
/// violations <see cref="ErrorCodes.ValidationError"/>, everything else <see cref="ErrorCodes.DatabaseError"/>.
/// </summary>
internal static class SqlErrors
{
    /// <summary>The error for <paramref name="error"/>, raised by a statement on <paramref name="table"/> of the <paramref name="store"/> store.</summary>
    public static ObjectQLException ToException(SqlStoreError error, SqlTable table, string store)
    {
        var inner = error.Exception;
        switch (error.Kind)
        {
            case SqlErrorKind.UniqueViolation:
                return ObjectQLException.UniqueConflict(table.Definition.Name, UniqueFields(table, error), inner);
            case SqlErrorKind.ForeignKeyViolation:
                var foreignKey = error.Constraint is null ? "a foreign key constraint" : $"the foreign key {error.Constraint}";
                return ConstraintViolation(table, FirstColumn(table, error), "foreign_key", foreignKey, inner);
            case SqlErrorKind.CheckViolation:
                return ConstraintViolation(table, FirstColumn(table, error), "check", $"the check constraint {error.Constraint}", inner);
            case SqlErrorKind.NotNullViolation:
                return ConstraintViolation(table, FirstColumn(table, error), "not_null", "a NOT NULL constraint", inner);
            case SqlErrorKind.ConstraintViolation:
                return ConstraintViolation(table, null, "constraint", "a constraint", inner);
            case SqlErrorKind.OutOfRange:
                return ConstraintViolation(table, FirstColumn(table, error), "out_of_range", "the column's numeric range", inner);
            case SqlErrorKind.UnsupportedCharacter:
                return new ObjectQLException(ErrorCodes.InvalidRequest,
                    $"A value for '{table.Definition.Name}' holds a character the {store} store cannot keep (NUL, U+0000): {error.Message}",
                    [new ErrorDetail(FirstColumn(table, error), $"The {store} store cannot keep the NUL character.", "nul_character")], inner);
            default:
                var message = $"The {store} store failed on '{table.Definition.Name}': {error.Message}";
                var reason = error.Kind switch
                {
                    SqlErrorKind.Busy => "busy",
                    SqlErrorKind.TooLarge => "too_large",
                    SqlErrorKind.SerializationFailure => "serialization_failure",
                    _ => null,
                };
                return new ObjectQLException(ErrorCodes.DatabaseError, message, reason is null ? null : [new ErrorDetail(null, message, reason)], inner);
        }
    }

    private static ObjectQLException ConstraintViolation(SqlTable table, string? field, string reason, string what, Exception inner)
    {
        var message = $"The record of '{table.Definition.Name}' violates {what}{(field is null ? string.Empty : $" on '{field}'")}.";
        return new ObjectQLException(ErrorCodes.ValidationError, message, [new ErrorDetail(field, message, reason)], inner);
    }

    // The fields a unique index stands for: its metadata when the store names the index, else the primary key, else the
    // columns the store names, else the constraint's name itself.
    private static IReadOnlyList<string> UniqueFields(SqlTable table, SqlStoreError error)
    {
        if (error.Constraint is { } name)
        {
            foreach (var index in table.Indexes)
            {
                if (string.Equals(index.Name, name, StringComparison.Ordinal))
                {
                    return index.Fields;
                }
            }
        }
        if (error.IsPrimaryKey)
        {
            return [SystemFields.Id];
        }
        if (error.Columns is { Count: > 0 } columns)
        {
            return columns.Select(column => ColumnOf(table, column) ?? column).ToArray();
        }
        return [error.Constraint ?? "unknown"];
    }

    private static string? FirstColumn(SqlTable table, SqlStoreError error) =>
        error.Columns is { Count: > 0 } columns ? ColumnOf(table, columns[0]) : null;

    // Stores may name "table.column"; the table name may itself contain dots, so strip the known table prefix.
    private static string? ColumnOf(SqlTable table, string subject)
    {
        var prefix = table.Definition.StorageName + ".";
        var name = subject.StartsWith(prefix, StringComparison.Ordinal) ? subject[prefix.Length..] : subject;
        return table.FindColumn(name)?.Name ?? (name.Length > 0 ? name : null);
    }
}
