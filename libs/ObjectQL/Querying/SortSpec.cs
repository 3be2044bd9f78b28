namespace ObjectQL.Querying;

/// <summary>Sort direction.</summary>
public enum SortDirection
{
    /// <summary>Smallest first; nulls first.</summary>
    Ascending,
    /// <summary>Largest first; nulls last.</summary>
    Descending,
}

/// <summary>One entry of <c>orderBy</c>.</summary>
/// <param name="Field">The stored field name.</param>
/// <param name="Direction">The direction.</param>
public readonly record struct SortSpec(string Field, SortDirection Direction = SortDirection.Ascending);
