namespace ObjectQL.Generators.Models;

/// <summary>One option of a select field; <see cref="MemberName"/> is the enum member it becomes.</summary>
internal sealed record OptionSpec(string Value, bool IsNumber, string Label, string? Color, string MemberName);

/// <summary>A field's <c>validation</c> block.</summary>
internal sealed record FieldValidationSpec(
    int? MinLength, int? MaxLength, string? Pattern, string? Format, double? Min, double? Max, string? Message);

/// <summary>One declared field, with its type inferred and its C# names chosen.</summary>
internal sealed record FieldSpec
{
    public string Name { get; init; } = "";
    public string PropertyName { get; init; } = "";
    public string Label { get; init; } = "";
    /// <summary>The YAML type name, e.g. <c>master_detail</c>.</summary>
    public string Type { get; init; } = "text";
    public string? Description { get; init; }
    public bool Required { get; init; }
    public bool Unique { get; init; }
    public bool Index { get; init; }
    public bool Multiple { get; init; }
    public bool Readonly { get; init; }
    public bool Hidden { get; init; }
    public ValueSpec? DefaultValue { get; init; }
    public EquatableArray<OptionSpec> Options { get; init; } = EquatableArray<OptionSpec>.Empty;
    /// <summary>The enum a select field gets, e.g. <c>TodoItemPriority</c>.</summary>
    public string? EnumName { get; init; }
    public string? ReferenceTo { get; init; }
    public SourceSpan? ReferenceSpan { get; init; }
    /// <summary>The <c>DeleteBehavior</c> member of <c>deleteBehavior</c> (<c>SetNull</c>, <c>Cascade</c>, <c>Restrict</c>), or null for the default.</summary>
    public string? DeleteBehavior { get; init; }
    /// <summary>The <c>prefix</c> of an auto_number field.</summary>
    public string? Prefix { get; init; }
    public SourceSpan? PrefixSpan { get; init; }
    public double? Min { get; init; }
    public double? Max { get; init; }
    public int? Precision { get; init; }
    public int? Scale { get; init; }
    public int? MaxLength { get; init; }
    public int? MinLength { get; init; }
    public FieldValidationSpec? Validation { get; init; }
    public string? Expression { get; init; }
    public string? DataType { get; init; }
    public int? Dimension { get; init; }
    public FormulaSpec? Formula { get; init; }
    public SummarySpec? Summary { get; init; }
    public SourceSpan Span { get; init; } = SourceSpan.FileStart("");
}
