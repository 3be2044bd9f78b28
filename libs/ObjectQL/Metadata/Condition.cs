namespace ObjectQL.Metadata;

/// <summary>
/// A condition used by validation rules (<c>rule</c>, <c>apply_when</c>, <c>constraint</c>) and permission record rules.
/// Either a comparison (<see cref="Field"/>, <see cref="Operator"/> and <see cref="Value"/> or <see cref="CompareTo"/>),
/// or a group (<see cref="AllOf"/> / <see cref="AnyOf"/>), or a safe <see cref="Expression"/>.
/// Permission files' postfix <c>complex</c> expressions are turned into groups at compile time.
/// </summary>
public sealed record Condition
{
    /// <summary>The field compared.</summary>
    public string? Field { get; init; }

    /// <summary>The operator: <c>=</c>, <c>!=</c>, <c>&gt;</c>, <c>&gt;=</c>, <c>&lt;</c>, <c>&lt;=</c>, <c>in</c>, <c>not_in</c>, <c>contains</c>, <c>not_contains</c>, <c>starts_with</c>, <c>ends_with</c>.</summary>
    public string? Operator { get; init; }

    /// <summary>The literal compared against; strings starting with <c>$current_user.</c> are resolved from the context.</summary>
    public object? Value { get; init; }

    /// <summary>Another field of the same record compared against.</summary>
    public string? CompareTo { get; init; }

    /// <summary>All of these must hold.</summary>
    public IReadOnlyList<Condition> AllOf { get; init; } = [];

    /// <summary>At least one of these must hold.</summary>
    public IReadOnlyList<Condition> AnyOf { get; init; } = [];

    /// <summary>An expression for the safe evaluator.</summary>
    public string? Expression { get; init; }
}
