namespace ObjectQL.Querying;

/// <summary>
/// The operator words of the legacy array filter form and of metadata conditions (validation rules, permission
/// record rules), in one table so both read the same vocabulary. Negated words map to an operator plus negation.
/// </summary>
internal static class OperatorWords
{
    /// <summary>The operator a word names, or null for an unknown word; case and surrounding spaces are ignored.</summary>
    public static (FilterOperator Operator, bool Negate)? Parse(string? word) => word?.Trim().ToLowerInvariant() switch
    {
        "=" or "==" or "eq" => (FilterOperator.Eq, false),
        "!=" or "<>" or "ne" => (FilterOperator.Ne, false),
        ">" or "gt" => (FilterOperator.Gt, false),
        ">=" or "gte" => (FilterOperator.Gte, false),
        "<" or "lt" => (FilterOperator.Lt, false),
        "<=" or "lte" => (FilterOperator.Lte, false),
        "in" => (FilterOperator.In, false),
        "nin" or "not in" or "not_in" => (FilterOperator.Nin, false),
        "contains" or "like" => (FilterOperator.Contains, false),
        "not_contains" or "not contains" or "not like" => (FilterOperator.Contains, true),
        "startswith" or "starts_with" => (FilterOperator.StartsWith, false),
        "endswith" or "ends_with" => (FilterOperator.EndsWith, false),
        "between" => (FilterOperator.Between, false),
        _ => null,
    };
}
