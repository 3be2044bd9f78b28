namespace ObjectQL.Sql;

/// <summary>How a value travels to and from the database; the dialect picks the SQL type for each.</summary>
public enum SqlValueKind
{
    /// <summary>Text (<see cref="string"/>).</summary>
    Text,
    /// <summary>A 64-bit integer (<see cref="long"/>), used for <c>_version</c> and SQLite booleans.</summary>
    Integer,
    /// <summary>A double-precision number.</summary>
    Real,
    /// <summary>An exact decimal (<see cref="decimal"/>).</summary>
    Decimal,
    /// <summary>A boolean.</summary>
    Boolean,
    /// <summary>A calendar date (<see cref="DateOnly"/>).</summary>
    Date,
    /// <summary>A time of day (<see cref="TimeOnly"/>).</summary>
    Time,
    /// <summary>An instant (<see cref="DateTimeOffset"/>).</summary>
    DateTime,
    /// <summary>A JSON document.</summary>
    Json,
    /// <summary>An array of single-precision numbers (a vector).</summary>
    RealArray,
}

/// <summary>One statement argument: the database-ready value and how to send it.</summary>
/// <param name="Value">The value in the form the dialect binds (null for SQL NULL).</param>
/// <param name="Kind">How to send it.</param>
public readonly record struct SqlArgument(object? Value, SqlValueKind Kind)
{
    /// <summary>
    /// True when <see cref="Value"/> is an array of values of <see cref="Kind"/> (null elements for SQL NULL), bound as
    /// one array parameter: PostgreSQL's bulk insert sends a column of rows this way. Only a dialect that binds arrays
    /// makes such arguments.
    /// </summary>
    public bool IsArray { get; init; }
}
