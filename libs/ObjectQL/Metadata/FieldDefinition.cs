namespace ObjectQL.Metadata;

/// <summary>One field of an object, as declared in its <c>*.object.yml</c> (with labels and types already inferred).</summary>
public sealed partial record FieldDefinition
{
    /// <summary>The field name as stored, e.g. <c>due_date</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The label; defaults to the title-cased name.</summary>
    public required string Label { get; init; }

    /// <summary>The field type.</summary>
    public required FieldType Type { get; init; }

    /// <summary>A description for people.</summary>
    public string? Description { get; init; }

    /// <summary>A value must be present (null and the empty string count as missing).</summary>
    public bool Required { get; init; }

    /// <summary>No two records may hold the same non-null value.</summary>
    public bool Unique { get; init; }

    /// <summary>The store should index this field.</summary>
    public bool Index { get; init; }

    /// <summary>The field holds a list of values.</summary>
    public bool Multiple { get; init; }

    /// <summary>Only the system context may write it.</summary>
    public bool Readonly { get; init; }

    /// <summary>UIs should not show it.</summary>
    public bool Hidden { get; init; }

    /// <summary>The value used on create when none is given, in the canonical runtime form (see docs/modeling.md).</summary>
    public object? DefaultValue { get; init; }

    /// <summary>The options of a select field.</summary>
    public IReadOnlyList<SelectOption> Options { get; init; } = [];

    /// <summary>The referenced object of a lookup or master-detail field.</summary>
    public string? ReferenceTo { get; init; }

    /// <summary>
    /// What deleting the referenced record does to this record (<c>deleteBehavior</c>); null for the type's default
    /// (<see cref="EffectiveDeleteBehavior"/>). See docs/relationships.md.
    /// </summary>
    public DeleteBehavior? DeleteBehavior { get; init; }

    /// <summary>The <c>deleteBehavior</c> in force: the declared one, else cascade for <c>master_detail</c> and set_null for <c>lookup</c>.</summary>
    public DeleteBehavior EffectiveDeleteBehavior =>
        DeleteBehavior ?? (Type == FieldType.MasterDetail ? Metadata.DeleteBehavior.Cascade : Metadata.DeleteBehavior.SetNull);

    /// <summary>The text put before the number of an <c>auto_number</c> field (<c>prefix</c>), e.g. <c>INV-</c> gives <c>INV-42</c>.</summary>
    public string? Prefix { get; init; }

    /// <summary>The smallest number accepted.</summary>
    public double? Min { get; init; }

    /// <summary>The largest number accepted.</summary>
    public double? Max { get; init; }

    /// <summary>Total digits of a decimal.</summary>
    public int? Precision { get; init; }

    /// <summary>Digits after the decimal point.</summary>
    public int? Scale { get; init; }

    /// <summary>The longest text accepted (<c>maxLength</c>).</summary>
    public int? MaxLength { get; init; }

    /// <summary>The shortest text accepted (<c>minLength</c>).</summary>
    public int? MinLength { get; init; }

    /// <summary>The field's <c>validation</c> block.</summary>
    public FieldValidation? Validation { get; init; }

    /// <summary>The expression of a formula field.</summary>
    public string? Expression { get; init; }

    /// <summary>The result type of a formula field (<c>data_type</c>).</summary>
    public FieldType? DataType { get; init; }

    /// <summary>The dimension of a vector field.</summary>
    public int? Dimension { get; init; }

    /// <summary>True for fields the store does not hold (formula, summary).</summary>
    public bool IsComputed => Type is FieldType.Formula or FieldType.Summary;
}
