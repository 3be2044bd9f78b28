using System.Collections;
using System.Globalization;
using System.Text.Json;
using ObjectQL.Metadata;
using ObjectQL.Values;

namespace ObjectQL.Querying;

/// <summary>
/// Checks a query against an object definition and converts every operand to its field's canonical value, so drivers
/// receive only well-formed queries: known fields, operators that apply to the field, operands of the right type.
/// The pipeline runs it on every query, whether it came from JSON, typed field descriptors or hand-built ASTs.
/// </summary>
public static class QueryNormalizer
{
    /// <summary>
    /// The normalized query; throws <see cref="ErrorCodes.InvalidRequest"/> naming the field for an unknown field,
    /// an operator that does not apply, a wrong operand, a negative limit or offset, or a bad aggregation.
    /// </summary>
    public static Query Normalize(Query query, ObjectDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(definition);
        if (query.Limit is < 0)
        {
            throw ObjectQLException.InvalidRequest($"limit must be zero or more, not {query.Limit}.", "limit", "invalid_value");
        }
        if (query.Offset is < 0)
        {
            throw ObjectQLException.InvalidRequest($"offset must be zero or more, not {query.Offset}.", "offset", "invalid_value");
        }
        if (query.Fields is { } fields)
        {
            foreach (var field in fields)
            {
                ComputedQueries.Projected(definition, field);
            }
        }
        foreach (var sort in query.OrderBy)
        {
            var shape = ComputedQueries.Filtered(definition, sort.Field, "sort");
            if (!shape.IsOrderable)
            {
                throw ObjectQLException.InvalidRequest($"Field '{sort.Field}' holds {(shape.Multiple ? "a list" : "JSON")} and cannot be sorted.", sort.Field, "not_sortable");
            }
        }
        foreach (var group in query.GroupBy)
        {
            var shape = FieldShape.Get(definition, group);
            if (!shape.IsOrderable)
            {
                throw ObjectQLException.InvalidRequest($"Field '{group}' cannot be grouped by.", group, "not_groupable");
            }
        }
        var aliases = new HashSet<string>(query.GroupBy, StringComparer.Ordinal);
        foreach (var aggregation in query.Aggregations)
        {
            CheckAggregation(definition, aggregation, aliases);
        }
        return query with { Where = NormalizeFilter(query.Where, definition) };
    }

    /// <summary>
    /// The normalized filter (null stays null); see <see cref="Normalize"/>. A filter deeper than
    /// <see cref="FilterLimits.MaxDepth"/> is refused before anything else is looked at.
    /// </summary>
    public static Filter? NormalizeFilter(Filter? filter, ObjectDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        FilterLimits.CheckDepth(filter);
        return NormalizeNode(filter, definition);
    }

    // Recursive, which the depth check above keeps within FilterLimits.MaxDepth frames.
    private static Filter? NormalizeNode(Filter? filter, ObjectDefinition definition)
    {
        return filter switch
        {
            null => null,
            Filter.Comparison comparison => NormalizeComparison(comparison, definition),
            Filter.And and => new Filter.And(and.Operands.Select(o => NormalizeNode(o, definition)!).ToArray()),
            Filter.Or or => new Filter.Or(or.Operands.Select(o => NormalizeNode(o, definition)!).ToArray()),
            Filter.Not not => new Filter.Not(NormalizeNode(not.Operand, definition)!),
            _ => throw ObjectQLException.InvalidRequest($"Unknown filter node {filter.GetType().Name}."),
        };
    }

    private static void CheckAggregation(ObjectDefinition definition, Aggregation aggregation, HashSet<string> aliases)
    {
        if (string.IsNullOrEmpty(aggregation.Alias))
        {
            throw ObjectQLException.InvalidRequest("Every aggregation needs an alias.", aggregation.Field, "missing_alias");
        }
        if (!aliases.Add(aggregation.Alias))
        {
            throw ObjectQLException.InvalidRequest($"The alias '{aggregation.Alias}' is used twice.", aggregation.Alias, "duplicate_alias");
        }
        if (aggregation.Field is null)
        {
            if (aggregation.Function != AggregateFunction.Count)
            {
                throw ObjectQLException.InvalidRequest($"{aggregation.Function} needs a field.", aggregation.Alias, "missing_field");
            }
            return;
        }
        var shape = FieldShape.Get(definition, aggregation.Field);
        var fits = aggregation.Function switch
        {
            AggregateFunction.Count => true,
            AggregateFunction.Sum or AggregateFunction.Avg => shape.IsNumeric,
            _ => shape.IsOrderable,
        };
        if (!fits)
        {
            throw ObjectQLException.InvalidRequest(
                $"{aggregation.Function} does not apply to field '{aggregation.Field}' ({CanonicalValues.Describe(shape.Kind)}{(shape.Multiple ? " list" : "")}).",
                aggregation.Field, "invalid_aggregation");
        }
    }

    private static Filter.Comparison NormalizeComparison(Filter.Comparison comparison, ObjectDefinition definition)
    {
        var shape = ComputedQueries.Filtered(definition, comparison.Field, "filter");
        var op = comparison.Operator;
        var name = comparison.Field;
        object? value;
        switch (op)
        {
            case FilterOperator.Null:
            case FilterOperator.Exists:
                value = comparison.Value switch
                {
                    bool b => b,
                    JsonElement { ValueKind: JsonValueKind.True } => true,
                    JsonElement { ValueKind: JsonValueKind.False } => false,
                    _ => throw Invalid(name, op, "expects true or false"),
                };
                break;
            case FilterOperator.Eq:
            case FilterOperator.Ne:
                if (shape.Multiple || shape.Kind is ValueKind.Json or ValueKind.Vector)
                {
                    throw Invalid(name, op, "does not apply to list, JSON or vector fields; use $null/$exists" + (shape.Multiple ? " or $contains" : ""));
                }
                value = Operand(shape, name, op, comparison.Value, allowNull: true);
                break;
            case FilterOperator.Gt:
            case FilterOperator.Gte:
            case FilterOperator.Lt:
            case FilterOperator.Lte:
                RequireOrderable(shape, name, op);
                value = Operand(shape, name, op, comparison.Value, allowNull: false);
                break;
            case FilterOperator.Between:
                RequireOrderable(shape, name, op);
                var bounds = List(comparison.Value, name, op);
                if (bounds.Count != 2)
                {
                    throw Invalid(name, op, $"expects a list of two values, got {bounds.Count}");
                }
                value = new[] { Operand(shape, name, op, bounds[0], false), Operand(shape, name, op, bounds[1], false) };
                break;
            case FilterOperator.In:
            case FilterOperator.Nin:
                if (shape.Multiple || shape.Kind is ValueKind.Json or ValueKind.Vector)
                {
                    throw Invalid(name, op, "does not apply to list, JSON or vector fields");
                }
                value = List(comparison.Value, name, op).Select(v => Operand(shape, name, op, v, allowNull: true)).ToArray();
                break;
            case FilterOperator.Contains:
                if (shape.Multiple)
                {
                    value = Operand(shape, name, op, comparison.Value, allowNull: false);
                    break;
                }
                RequireText(shape, name, op);
                value = Operand(shape, name, op, comparison.Value, allowNull: false);
                break;
            case FilterOperator.StartsWith:
            case FilterOperator.EndsWith:
                RequireText(shape, name, op);
                value = Operand(shape, name, op, comparison.Value, allowNull: false);
                break;
            default:
                throw ObjectQLException.InvalidRequest($"Unknown filter operator {op} on field '{name}'.", name, "unknown_operator");
        }
        return new Filter.Comparison(name, op, value);
    }

    private static void RequireOrderable(FieldShape shape, string name, FilterOperator op)
    {
        if (!shape.IsOrderable)
        {
            throw Invalid(name, op, "does not apply to list, JSON or vector fields");
        }
    }

    private static void RequireText(FieldShape shape, string name, FilterOperator op)
    {
        if (!shape.IsText)
        {
            throw Invalid(name, op, $"applies to text fields only, and '{name}' holds {CanonicalValues.Describe(shape.Kind)}");
        }
    }

    private static object? Operand(FieldShape shape, string name, FilterOperator op, object? raw, bool allowNull)
    {
        if (!CanonicalValues.TryConvert(shape.Kind, raw, out var value, out var error))
        {
            throw Invalid(name, op, error!, "invalid_value");
        }
        if (value is null && !allowNull)
        {
            throw Invalid(name, op, "needs a value, not null", "invalid_value");
        }
        if (value is not null && IsOptionMatch(shape, op) && !shape.Definition!.Options.Any(o => CanonicalValues.Equals(o.Value, value)))
        {
            // The rule of writes holds for filters too: a value no record can hold is a mistake, not an empty answer.
            throw Invalid(name, op, $"takes one of the options of '{name}' ({string.Join(", ", shape.Definition.Options.Select(static o => Convert.ToString(o.Value, CultureInfo.InvariantCulture)))}), not {Convert.ToString(value, CultureInfo.InvariantCulture)}", "invalid_option");
        }
        return value;
    }

    // Equality and membership on a select field with options; text operators match parts of a value and stay free.
    private static bool IsOptionMatch(FieldShape shape, FilterOperator op) =>
        shape.Definition is { Type: FieldType.Select, Options.Count: > 0 }
        && (op is FilterOperator.Eq or FilterOperator.Ne or FilterOperator.In or FilterOperator.Nin || (op == FilterOperator.Contains && shape.Multiple));

    private static List<object?> List(object? raw, string name, FilterOperator op)
    {
        switch (raw)
        {
            case JsonElement { ValueKind: JsonValueKind.Array } array:
                return array.EnumerateArray().Select(static e => (object?)e).ToList();
            case string:
            case null:
                throw Invalid(name, op, "expects a list", "invalid_value");
            case IEnumerable enumerable:
                return enumerable.Cast<object?>().ToList();
            default:
                throw Invalid(name, op, "expects a list", "invalid_value");
        }
    }

    private static ObjectQLException Invalid(string field, FilterOperator op, string what, string reason = "invalid_operator") =>
        ObjectQLException.InvalidRequest($"Filter on '{field}': {OperatorName(op)} {what}.", field, reason);

    /// <summary>The JSON name of an operator, e.g. <c>$startsWith</c>.</summary>
    public static string OperatorName(FilterOperator op) => op switch
    {
        FilterOperator.Eq => "$eq",
        FilterOperator.Ne => "$ne",
        FilterOperator.Gt => "$gt",
        FilterOperator.Gte => "$gte",
        FilterOperator.Lt => "$lt",
        FilterOperator.Lte => "$lte",
        FilterOperator.In => "$in",
        FilterOperator.Nin => "$nin",
        FilterOperator.Contains => "$contains",
        FilterOperator.StartsWith => "$startsWith",
        FilterOperator.EndsWith => "$endsWith",
        FilterOperator.Between => "$between",
        FilterOperator.Null => "$null",
        FilterOperator.Exists => "$exists",
        _ => op.ToString(),
    };
}
