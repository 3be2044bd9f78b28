namespace ObjectQL.Metadata;

/// <summary>One option of a select field. <see cref="Value"/> is what is stored: a string or a number.</summary>
public sealed record SelectOption
{
    /// <summary>The stored value: a <see cref="string"/> or a <see cref="double"/>.</summary>
    public required object Value { get; init; }

    /// <summary>The label shown to users.</summary>
    public required string Label { get; init; }

    /// <summary>An optional display colour.</summary>
    public string? Color { get; init; }
}
