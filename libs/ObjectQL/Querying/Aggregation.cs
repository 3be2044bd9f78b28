namespace ObjectQL.Querying;

/// <summary>The aggregate functions.</summary>
public enum AggregateFunction
{
    /// <summary>Number of rows (or of non-null values when a field is named).</summary>
    Count,
    /// <summary>Sum of non-null values.</summary>
    Sum,
    /// <summary>Average of non-null values.</summary>
    Avg,
    /// <summary>Smallest non-null value.</summary>
    Min,
    /// <summary>Largest non-null value.</summary>
    Max,
}

/// <summary>One entry of <c>aggregations</c>.</summary>
/// <param name="Function">The function.</param>
/// <param name="Field">The field aggregated; null only for <see cref="AggregateFunction.Count"/>.</param>
/// <param name="Alias">The name of the result column.</param>
public sealed record Aggregation(AggregateFunction Function, string? Field, string Alias);
