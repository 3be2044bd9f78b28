namespace ObjectQL.Generators.Models;

/// <summary>A comparison, a group (<see cref="AllOf"/>/<see cref="AnyOf"/>) or an expression; mirrors <c>ObjectQL.Metadata.Condition</c>.</summary>
internal sealed record ConditionSpec
{
    public string? Field { get; init; }
    public string? Operator { get; init; }
    public ValueSpec? Value { get; init; }
    public string? CompareTo { get; init; }
    public EquatableArray<ConditionSpec> AllOf { get; init; } = EquatableArray<ConditionSpec>.Empty;
    public EquatableArray<ConditionSpec> AnyOf { get; init; } = EquatableArray<ConditionSpec>.Empty;
    public string? Expression { get; init; }
}
