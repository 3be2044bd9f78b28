using System.Collections;
using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Values;

namespace ObjectQL.Security;

/// <summary>
/// Evaluates <see cref="Condition"/>s (validation rules, permission record rules) with the filter semantics of
/// docs/querying.md, and turns them into filters for row-level security. Anything it cannot evaluate is an error:
/// an unknown operator, an unknown field, a <c>$current_user</c> path the context cannot resolve, an expression.
/// </summary>
internal static class Conditions
{
    private const string CurrentUserPrefix = "$current_user.";

    public static (FilterOperator Operator, bool Negate)? ParseOperator(string? op) => OperatorWords.Parse(op);

    /// <summary>Checks a condition's shape against the object; <paramref name="where"/> names it in the error.</summary>
    public static void Check(Condition condition, ObjectDefinition definition, string where)
    {
        if (condition.Expression is not null)
        {
            throw ObjectQLException.InvalidRequest(
                $"{where}: expressions are not supported; write the condition with field/operator/value, all_of or any_of.", null, "unsupported_expression");
        }
        var isComparison = condition.Field is not null;
        if (!isComparison && condition.AllOf.Count == 0 && condition.AnyOf.Count == 0)
        {
            throw ObjectQLException.InvalidRequest($"{where}: the condition is empty.", null, "empty_condition");
        }
        if (isComparison)
        {
            FieldShape.Get(definition, condition.Field!);
            if (ParseOperator(condition.Operator) is null)
            {
                throw ObjectQLException.InvalidRequest($"{where}: unknown operator '{condition.Operator}' on field '{condition.Field}'.", condition.Field, "unknown_operator");
            }
            if (condition.CompareTo is not null)
            {
                FieldShape.Get(definition, condition.CompareTo);
            }
        }
        foreach (var child in condition.AllOf.Concat(condition.AnyOf))
        {
            Check(child, definition, where);
        }
    }

    // lenientNulls (validation): an ordering or text comparison with a null side counts as satisfied, nothing to check yet.
    public static bool Evaluate(Condition condition, Record record, ObjectDefinition definition, ObjectQLContext context, bool lenientNulls)
    {
        if (condition.Expression is not null)
        {
            throw ObjectQLException.InvalidRequest("Condition expressions are not supported.", null, "unsupported_expression");
        }
        if (condition.Field is not null && !EvaluateComparison(condition, record, definition, context, lenientNulls))
        {
            return false;
        }
        foreach (var child in condition.AllOf)
        {
            if (!Evaluate(child, record, definition, context, lenientNulls))
            {
                return false;
            }
        }
        return condition.AnyOf.Count == 0 || condition.AnyOf.Any(child => Evaluate(child, record, definition, context, lenientNulls));
    }

    /// <summary>The condition as a filter on stored records (row-level security).</summary>
    public static Filter ToFilter(Condition condition, ObjectDefinition definition, ObjectQLContext context)
    {
        if (condition.Expression is not null || condition.CompareTo is not null)
        {
            throw new ObjectQLException(ErrorCodes.Forbidden,
                $"A record rule of '{definition.Name}' compares two fields or uses an expression, which cannot restrict a query; access is denied.");
        }
        var parts = new List<Filter>();
        if (condition.Field is not null)
        {
            parts.Add(ComparisonFilter(condition, definition, context, out _));
        }
        parts.AddRange(condition.AllOf.Select(c => ToFilter(c, definition, context)));
        if (condition.AnyOf.Count > 0)
        {
            parts.Add(Filter.Or.Of(condition.AnyOf.Select(c => ToFilter(c, definition, context)).ToArray()));
        }
        return parts.Count == 1 ? parts[0] : Filter.And.Of(parts.ToArray());
    }

    private static bool EvaluateComparison(Condition condition, Record record, ObjectDefinition definition, ObjectQLContext context, bool lenientNulls)
    {
        var (op, negate) = ParseOperator(condition.Operator)
            ?? throw ObjectQLException.InvalidRequest($"Unknown operator '{condition.Operator}' on field '{condition.Field}'.", condition.Field, "unknown_operator");
        var field = condition.Field!;
        var ordering = op is FilterOperator.Gt or FilterOperator.Gte or FilterOperator.Lt or FilterOperator.Lte
            or FilterOperator.Contains or FilterOperator.StartsWith or FilterOperator.EndsWith;
        if (condition.CompareTo is not null)
        {
            var left = record[field];
            var right = record[condition.CompareTo];
            if (lenientNulls && ordering && (left is null || right is null))
            {
                return true;
            }
            var filter = QueryNormalizer.NormalizeFilter(new Filter.Comparison(field, op, right), definition)!;
            return FilterEvaluator.Matches(filter, record) != negate;
        }
        if (lenientNulls && ordering && record[field] is null)
        {
            return true;
        }
        var comparison = ComparisonFilter(condition, definition, context, out _);
        return FilterEvaluator.Matches(comparison, record);
    }

    private static Filter ComparisonFilter(Condition condition, ObjectDefinition definition, ObjectQLContext context, out bool negate)
    {
        var (op, neg) = ParseOperator(condition.Operator)
            ?? throw ObjectQLException.InvalidRequest($"Unknown operator '{condition.Operator}' on field '{condition.Field}'.", condition.Field, "unknown_operator");
        negate = neg;
        var value = Resolve(condition.Value, context, condition.Field!);
        if (value is IEnumerable and not string && op is FilterOperator.Eq or FilterOperator.Ne)
        {
            op = op == FilterOperator.Eq ? FilterOperator.In : FilterOperator.Nin;
        }
        Filter filter = QueryNormalizer.NormalizeFilter(new Filter.Comparison(condition.Field!, op, value), definition)!;
        return negate ? new Filter.Not(filter) : filter;
    }

    private static object? Resolve(object? value, ObjectQLContext context, string field)
    {
        if (value is string text && text.StartsWith(CurrentUserPrefix, StringComparison.Ordinal))
        {
            var path = text[CurrentUserPrefix.Length..];
            if (!context.TryResolve(path, out var resolved))
            {
                // Fail closed: an unresolved token must never turn into "match records where the field is missing".
                throw new ObjectQLException(ErrorCodes.Forbidden,
                    $"The condition on '{field}' needs '{text}', which the current context does not provide.",
                    [new ErrorDetail(field, $"'{text}' cannot be resolved.", "unresolved_current_user")]);
            }
            return resolved;
        }
        return value;
    }
}
