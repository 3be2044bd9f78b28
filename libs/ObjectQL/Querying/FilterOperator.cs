namespace ObjectQL.Querying;

/// <summary>The comparison operators of the canonical query AST. Their exact semantics are in docs/querying.md.</summary>
public enum FilterOperator
{
    /// <summary><c>$eq</c>: equal; null matches only null.</summary>
    Eq,
    /// <summary><c>$ne</c>: not equal; null values are not equal to a non-null operand.</summary>
    Ne,
    /// <summary><c>$gt</c>.</summary>
    Gt,
    /// <summary><c>$gte</c>.</summary>
    Gte,
    /// <summary><c>$lt</c>.</summary>
    Lt,
    /// <summary><c>$lte</c>.</summary>
    Lte,
    /// <summary><c>$in</c>: the value is one of a list.</summary>
    In,
    /// <summary><c>$nin</c>: the value is none of a list.</summary>
    Nin,
    /// <summary><c>$contains</c>: text contains the operand.</summary>
    Contains,
    /// <summary><c>$startsWith</c>.</summary>
    StartsWith,
    /// <summary><c>$endsWith</c>.</summary>
    EndsWith,
    /// <summary><c>$between</c>: inclusive range given as a two-element list.</summary>
    Between,
    /// <summary><c>$null</c>: the operand <c>true</c> matches null values, <c>false</c> non-null ones.</summary>
    Null,
    /// <summary><c>$exists</c>: like <see cref="Null"/> inverted.</summary>
    Exists,
}
