namespace ObjectQL.Querying;

/// <summary>The canonical query AST every reader produces and every driver consumes.</summary>
public sealed record Query
{
    /// <summary>The filter; null matches every record.</summary>
    public Filter? Where { get; init; }

    /// <summary>The fields returned; null returns every field.</summary>
    public IReadOnlyList<string>? Fields { get; init; }

    /// <summary>The sort order; ties are broken by <c>id</c> ascending so paging is stable.</summary>
    public IReadOnlyList<SortSpec> OrderBy { get; init; } = [];

    /// <summary>The most records returned; null means no limit.</summary>
    public int? Limit { get; init; }

    /// <summary>How many records to skip.</summary>
    public int? Offset { get; init; }

    /// <summary>Fields to group by for <see cref="Aggregations"/>.</summary>
    public IReadOnlyList<string> GroupBy { get; init; } = [];

    /// <summary>Aggregations computed per group.</summary>
    public IReadOnlyList<Aggregation> Aggregations { get; init; } = [];

    /// <summary>Return distinct rows of <see cref="Fields"/>.</summary>
    public bool Distinct { get; init; }

    /// <summary>Reference fields whose related records come back in place of their ids (docs/relationships.md).</summary>
    public IReadOnlyList<Expansion> Expand { get; init; } = [];

    /// <summary>A query matching everything.</summary>
    public static Query All { get; } = new();

    /// <inheritdoc />
    public bool Equals(Query? other) =>
        other is not null
        && Equals(Where, other.Where)
        && SequenceEquals(Fields, other.Fields)
        && OrderBy.SequenceEqual(other.OrderBy)
        && Limit == other.Limit
        && Offset == other.Offset
        && GroupBy.SequenceEqual(other.GroupBy)
        && Aggregations.SequenceEqual(other.Aggregations)
        && Distinct == other.Distinct
        && Expand.SequenceEqual(other.Expand);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Where, Limit, Offset, Distinct);

    private static bool SequenceEquals(IReadOnlyList<string>? a, IReadOnlyList<string>? b) =>
        a is null ? b is null : b is not null && a.SequenceEqual(b);
}
