namespace ObjectQL.Metadata;

/// <summary>
/// A formula field's expression as the generator compiled it: a C# delegate over the record's stored fields and,
/// when the expression lies in the SQL subset, the same expression as SQL (docs/computed-fields.md).
/// </summary>
public sealed class FormulaDefinition
{
    /// <summary>Computes the value from a record holding (at least) <see cref="Fields"/>; returns the canonical value or null.</summary>
    public required Func<Record, object?> Compute { get; init; }

    /// <summary>The stored fields the expression reads.</summary>
    public IReadOnlyList<string> Fields { get; init; } = [];

    /// <summary>
    /// The expression in the SQL that SQLite and PostgreSQL share, naming columns as double-quoted field names; null
    /// when the expression uses something without an identical SQL form, and then the field cannot be filtered or sorted on.
    /// </summary>
    public string? Sql { get; init; }
}
