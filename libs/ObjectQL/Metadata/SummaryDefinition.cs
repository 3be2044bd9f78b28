using ObjectQL.Querying;

namespace ObjectQL.Metadata;

/// <summary>
/// A summary field's roll-up: <see cref="Function"/> over the records of <see cref="Object"/> whose
/// <see cref="ReferenceField"/> names the parent record (docs/computed-fields.md).
/// </summary>
public sealed record SummaryDefinition
{
    /// <summary>The child object (<c>summary_object</c>).</summary>
    public required string Object { get; init; }

    /// <summary>
    /// The child's lookup or master-detail field that points at the parent; null (the default) for the child's one
    /// such field, which must then exist and be the only one.
    /// </summary>
    public string? ReferenceField { get; init; }

    /// <summary>The aggregate (<c>summary_type</c>).</summary>
    public required AggregateFunction Function { get; init; }

    /// <summary>The child field aggregated (<c>summary_field</c>); null for a count of records.</summary>
    public string? Field { get; init; }

    /// <summary>Only children matching this filter count (<c>filters</c>); null for all.</summary>
    public Filter? Filter { get; init; }
}
