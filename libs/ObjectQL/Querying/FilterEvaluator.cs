using System.Collections;
using ObjectQL.Values;

namespace ObjectQL.Querying;

/// <summary>
/// Evaluates a normalized filter against a record in memory with exactly the semantics of docs/querying.md.
/// The memory driver uses it; SQL compilers must reproduce it.
/// </summary>
public static class FilterEvaluator
{
    /// <summary>True when <paramref name="record"/> satisfies <paramref name="filter"/> (a null filter matches everything).</summary>
    public static bool Matches(Filter? filter, Record record)
    {
        ArgumentNullException.ThrowIfNull(record);
        switch (filter)
        {
            case null:
                return true;
            case Filter.Comparison comparison:
                return Matches(comparison, record[comparison.Field]);
            case Filter.And and:
                // Index loops: this runs per record, and an interface enumerator would allocate each time.
                for (var i = 0; i < and.Operands.Count; i++)
                {
                    if (!Matches(and.Operands[i], record))
                    {
                        return false;
                    }
                }
                return true;
            case Filter.Or or:
                for (var i = 0; i < or.Operands.Count; i++)
                {
                    if (Matches(or.Operands[i], record))
                    {
                        return true;
                    }
                }
                return false;
            case Filter.Not not:
                return !Matches(not.Operand, record);
            default:
                throw ObjectQLException.InvalidRequest($"Unknown filter node {filter.GetType().Name}.");
        }
    }

    private static bool Matches(Filter.Comparison comparison, object? value)
    {
        var operand = comparison.Value;
        switch (comparison.Operator)
        {
            case FilterOperator.Eq:
                return operand is null ? value is null : value is not null && CanonicalValues.Equals(value, operand);
            case FilterOperator.Ne:
                return operand is null ? value is not null : value is null || !CanonicalValues.Equals(value, operand);
            case FilterOperator.Gt:
                return value is not null && CanonicalValues.Compare(value, operand) > 0;
            case FilterOperator.Gte:
                return value is not null && CanonicalValues.Compare(value, operand) >= 0;
            case FilterOperator.Lt:
                return value is not null && CanonicalValues.Compare(value, operand) < 0;
            case FilterOperator.Lte:
                return value is not null && CanonicalValues.Compare(value, operand) <= 0;
            case FilterOperator.In:
                return InList(value, operand);
            case FilterOperator.Nin:
                return !InList(value, operand);
            case FilterOperator.Between:
                var bounds = (IList)operand!;
                return value is not null && CanonicalValues.Compare(value, bounds[0]) >= 0 && CanonicalValues.Compare(value, bounds[1]) <= 0;
            case FilterOperator.Contains:
                return value switch
                {
                    string text => text.Contains((string)operand!, StringComparison.Ordinal),
                    IEnumerable list => list.Cast<object?>().Any(item => CanonicalValues.Equals(item, operand)),
                    _ => false,
                };
            case FilterOperator.StartsWith:
                return value is string s && s.StartsWith((string)operand!, StringComparison.Ordinal);
            case FilterOperator.EndsWith:
                return value is string e && e.EndsWith((string)operand!, StringComparison.Ordinal);
            case FilterOperator.Null:
                return (bool)operand! == (value is null);
            case FilterOperator.Exists:
                return (bool)operand! == (value is not null);
            default:
                throw ObjectQLException.InvalidRequest($"Unknown filter operator {comparison.Operator}.", comparison.Field, "unknown_operator");
        }
    }

    private static bool InList(object? value, object? operand)
    {
        var list = (IList)operand!;
        for (var i = 0; i < list.Count; i++)
        {
            if (CanonicalValues.Equals(value, list[i]))
            {
                return true;
            }
        }
        return false;
    }
}
