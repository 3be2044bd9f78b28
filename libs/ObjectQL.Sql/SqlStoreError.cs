namespace ObjectQL.Sql;

/// <summary>What kind of failure a store reported, in terms every SQL store shares (docs/drivers.md, "Store errors").</summary>
public enum SqlErrorKind
{
    /// <summary>Any other failure: syntax, I/O, a lost connection...</summary>
    Other,
    /// <summary>A unique index or primary key already holds the value.</summary>
    UniqueViolation,
    /// <summary>A NOT NULL column got NULL.</summary>
    NotNullViolation,
    /// <summary>A foreign key points nowhere.</summary>
    ForeignKeyViolation,
    /// <summary>A CHECK constraint failed.</summary>
    CheckViolation,
    /// <summary>A constraint of another or unknown kind failed.</summary>
    ConstraintViolation,
    /// <summary>A number does not fit its column.</summary>
    OutOfRange,
    /// <summary>A text holds a character the store cannot keep (PostgreSQL and NUL).</summary>
    UnsupportedCharacter,
    /// <summary>The database was busy or locked by another writer and the wait ran out.</summary>
    Busy,
    /// <summary>A value, statement or result exceeds the store's size limits.</summary>
    TooLarge,
    /// <summary>The transaction could not be serialized with a concurrent one (retry it).</summary>
    SerializationFailure,
}

/// <summary>
/// A store failure classified by its executor (<see cref="ISqlExecutor.ClassifyError"/>); the driver turns it into an
/// <see cref="ObjectQLException"/>, the same way for every store.
/// </summary>
/// <param name="Kind">What failed.</param>
/// <param name="Message">The store's own message, for the error text.</param>
/// <param name="Exception">The exception the client library threw, kept as the inner exception.</param>
public sealed record SqlStoreError(SqlErrorKind Kind, string Message, Exception Exception)
{
    /// <summary>The constraint or index that failed, when the store names it.</summary>
    public string? Constraint { get; init; }

    /// <summary>The columns involved, as the store names them (possibly <c>table.column</c>), when it does.</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>True when the failed constraint is the table's primary key.</summary>
    public bool IsPrimaryKey { get; init; }
}
