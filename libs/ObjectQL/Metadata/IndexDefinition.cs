namespace ObjectQL.Metadata;

/// <summary>An index from the object's <c>indexes</c> map, or one implied by a field's <c>index</c>/<c>unique</c>.</summary>
public sealed record IndexDefinition
{
    /// <summary>The index name.</summary>
    public required string Name { get; init; }

    /// <summary>The indexed fields, in order.</summary>
    public required IReadOnlyList<string> Fields { get; init; }

    /// <summary>The combination of values must be unique.</summary>
    public bool Unique { get; init; }
}
