namespace ObjectQL.Metadata;

// The computed-field members live apart from the stored-field attributes (docs/computed-fields.md).
public sealed partial record FieldDefinition
{
    /// <summary>The compiled expression of a formula field; null for other fields and for hand-written definitions without one.</summary>
    public FormulaDefinition? Formula { get; init; }

    /// <summary>The roll-up of a summary field; null for other fields.</summary>
    public SummaryDefinition? Summary { get; init; }
}
