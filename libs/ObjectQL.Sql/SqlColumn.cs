using ObjectQL.Metadata;

namespace ObjectQL.Sql;

/// <summary>One stored column of a table: a system field or a declared, non-computed field.</summary>
public sealed class SqlColumn
{
    internal SqlColumn(string name, string quotedName, SqlValueKind kind, FieldDefinition? field, SqlValueKind elementKind)
    {
        Name = name;
        QuotedName = quotedName;
        Kind = kind;
        Field = field;
        ElementKind = elementKind;
    }

    /// <summary>The field (and column) name.</summary>
    public string Name { get; }

    /// <summary>The column name quoted for the dialect.</summary>
    public string QuotedName { get; }

    /// <summary>How the column's values travel; <see cref="SqlValueKind.Json"/> for lists and JSON fields.</summary>
    public SqlValueKind Kind { get; }

    /// <summary>For a <c>multiple</c> field, the kind of each element; otherwise equal to <see cref="Kind"/>.</summary>
    public SqlValueKind ElementKind { get; }

    /// <summary>The declared field; null for system fields.</summary>
    public FieldDefinition? Field { get; }

    /// <summary>True for a <c>multiple</c> field (stored as a JSON array).</summary>
    public bool IsList => Field is { Multiple: true } && Field.Type is not FieldType.Vector;

    /// <summary>The field type, with system fields reported by their nature (text, datetime, number).</summary>
    public string TypeName => Field is null ? (Kind == SqlValueKind.Integer ? "integer" : Kind == SqlValueKind.DateTime ? "datetime" : "text") : FieldTypeNames.Of(Field.Type);

    /// <summary>True when the column holds text that the string operators apply to.</summary>
    public bool IsText => Kind == SqlValueKind.Text && !IsList;
}
