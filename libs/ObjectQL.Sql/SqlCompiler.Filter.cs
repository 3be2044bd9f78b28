using System.Collections;
using System.Text;
using ObjectQL.Querying;

namespace ObjectQL.Sql;

public static partial class SqlCompiler
{
    /// <summary>Builds one statement: text and arguments grow together, so placeholders always match.</summary>
    private sealed class Builder(SqlTable table)
    {
        public SqlTable Table { get; } = table;
        public SqlDialect Dialect { get; } = table.Dialect;
        public StringBuilder Text { get; } = new(256);
        public List<SqlArgument> Arguments { get; } = [];

        public string Add(SqlArgument argument)
        {
            Arguments.Add(argument);
            return Dialect.Parameter(Arguments.Count - 1);
        }

        public SqlStatement Build() => new(Text.ToString(), Arguments.ToArray());
    }

    // Negation is pushed down to the comparisons so SQL's three-valued logic never leaks: NOT over a comparison with a
    // NULL column would be NULL (no match), while the memory driver's NOT of "false" is "true".
    private static void AppendFilter(Builder builder, Filter filter, bool negate)
    {
        switch (filter)
        {
            case Filter.And and:
                AppendGroup(builder, and.Operands, negate ? " OR " : " AND ", negate, emptyMatches: !negate);
                break;
            case Filter.Or or:
                AppendGroup(builder, or.Operands, negate ? " AND " : " OR ", negate, emptyMatches: negate);
                break;
            case Filter.Not not:
                AppendFilter(builder, not.Operand, !negate);
                break;
            case Filter.Comparison comparison:
                AppendComparison(builder, comparison, negate);
                break;
            default:
                throw ObjectQLException.InvalidRequest($"Unknown filter node {filter.GetType().Name}.");
        }
    }

    private static void AppendGroup(Builder builder, IReadOnlyList<Filter> operands, string separator, bool negate, bool emptyMatches)
    {
        if (operands.Count == 0)
        {
            builder.Text.Append(emptyMatches ? "1=1" : "1=0");
            return;
        }
        AppendBalanced(builder, operands, 0, operands.Count, separator, negate);
    }

    // SQLite parses "a OR b OR c ..." into a tree as deep as the chain is long and refuses trees deeper than 1,000, so a
    // long list is halved into nested parentheses: the depth grows with the logarithm of the width instead.
    private static void AppendBalanced(Builder builder, IReadOnlyList<Filter> operands, int start, int end, string separator, bool negate)
    {
        const int Chain = 8;
        builder.Text.Append('(');
        if (end - start <= Chain)
        {
            for (var i = start; i < end; i++)
            {
                if (i > start)
                {
                    builder.Text.Append(separator);
                }
                AppendFilter(builder, operands[i], negate);
            }
        }
        else
        {
            var middle = start + ((end - start) / 2);
            AppendBalanced(builder, operands, start, middle, separator, negate);
            builder.Text.Append(separator);
            AppendBalanced(builder, operands, middle, end, separator, negate);
        }
        builder.Text.Append(')');
    }

    private static void AppendComparison(Builder builder, Filter.Comparison comparison, bool negate)
    {
        var column = builder.Table.GetColumn(comparison.Field);
        var (sql, nullWhenColumnNull) = Comparison(builder, column, comparison);
        if (!negate)
        {
            builder.Text.Append(sql);
        }
        else if (nullWhenColumnNull)
        {
            builder.Text.Append('(').Append(column.QuotedName).Append(" IS NULL OR NOT (").Append(sql).Append("))");
        }
        else
        {
            builder.Text.Append("NOT (").Append(sql).Append(')');
        }
    }

    /// <summary>The SQL of one comparison, and whether it yields NULL (rather than false) when the column is NULL.</summary>
    private static (string Sql, bool NullWhenColumnNull) Comparison(Builder builder, SqlColumn column, Filter.Comparison comparison)
    {
        var field = comparison.Field;
        var value = comparison.Value;
        var op = comparison.Operator;
        var quoted = column.QuotedName;
        if (op is FilterOperator.Null or FilterOperator.Exists)
        {
            if (value is not bool flag)
            {
                throw ObjectQLException.InvalidRequest($"${(op == FilterOperator.Null ? "null" : "exists")} on '{field}' takes true or false.", field, "invalid_operand");
            }
            var isNull = op == FilterOperator.Null ? flag : !flag;
            return (isNull ? $"{quoted} IS NULL" : $"{quoted} IS NOT NULL", false);
        }
        if (column.IsList && op == FilterOperator.Contains)
        {
            if (value is null)
            {
                throw ObjectQLException.InvalidRequest($"$contains on the list field '{field}' takes one element value.", field, "invalid_operand");
            }
            var element = SqlValues.Coerce(column.ElementKind, value, field);
            return (builder.Dialect.ListContains(column, element, builder.Add), builder.Dialect.ListContainsIsNullWhenColumnNull);
        }
        if (column.IsList || column.Kind is SqlValueKind.Json or SqlValueKind.RealArray)
        {
            throw ObjectQLException.InvalidRequest(
                $"Field '{field}' holds {(column.IsList ? "a list" : "JSON")}; it is filtered only with $null and $exists{(column.IsList ? " and $contains" : string.Empty)}.",
                field,
                "invalid_operator");
        }
        var expression = builder.Dialect.ComparableExpression(column);
        switch (op)
        {
            case FilterOperator.Eq:
                return value is null ? ($"{quoted} IS NULL", false) : ($"{expression} = {Operand(builder, column, value)}", true);
            case FilterOperator.Ne:
                return value is null
                    ? ($"{quoted} IS NOT NULL", false)
                    : (builder.Dialect.IsDistinctFrom(expression, Operand(builder, column, value)), false);
            case FilterOperator.Gt:
            case FilterOperator.Gte:
            case FilterOperator.Lt:
            case FilterOperator.Lte:
                {
                    if (value is null)
                    {
                        return ("1=0", false);
                    }
                    var symbol = op switch { FilterOperator.Gt => ">", FilterOperator.Gte => ">=", FilterOperator.Lt => "<", _ => "<=" };
                    return ($"{expression} {symbol} {Operand(builder, column, value)}", true);
                }
            case FilterOperator.In:
            case FilterOperator.Nin:
                {
                    // A null in the list stands for null values: $in then matches them, $nin then excludes them.
                    var values = new List<object>();
                    var withNull = false;
                    foreach (var item in List(field, value, op == FilterOperator.In ? "$in" : "$nin"))
                    {
                        if (item is null)
                        {
                            withNull = true;
                        }
                        else
                        {
                            values.Add(item);
                        }
                    }
                    var negated = op == FilterOperator.Nin;
                    var member = values.Count == 0 ? "" : Membership(builder, column, expression, values, negated);
                    if (!negated)
                    {
                        return (values.Count, withNull) switch
                        {
                            (0, false) => ("1=0", false),
                            (0, true) => ($"{quoted} IS NULL", false),
                            (_, false) => (member, true),
                            _ => ($"({quoted} IS NULL OR {member})", false),
                        };
                    }
                    return (values.Count, withNull) switch
                    {
                        (0, false) => ("1=1", false),
                        (0, true) => ($"{quoted} IS NOT NULL", false),
                        (_, false) => ($"({quoted} IS NULL OR {member})", false),
                        _ => (member, true),
                    };
                }
            case FilterOperator.Between:
                {
                    var bounds = List(field, value, "$between");
                    if (bounds.Count != 2 || bounds[0] is null || bounds[1] is null)
                    {
                        throw ObjectQLException.InvalidRequest($"$between on '{field}' takes a list of two non-null values.", field, "invalid_operand");
                    }
                    var low = Operand(builder, column, bounds[0]!);
                    var high = Operand(builder, column, bounds[1]!);
                    return ($"{expression} BETWEEN {low} AND {high}", true);
                }
            case FilterOperator.Contains:
            case FilterOperator.StartsWith:
            case FilterOperator.EndsWith:
                {
                    if (!column.IsText)
                    {
                        throw ObjectQLException.InvalidRequest($"Text matching needs a text field; '{field}' is {column.TypeName}.", field, "invalid_operator");
                    }
                    if (value is not string text)
                    {
                        throw ObjectQLException.InvalidRequest($"Text matching on '{field}' takes a string.", field, "invalid_operand");
                    }
                    if (text.Length == 0)
                    {
                        // Every string contains, starts and ends with the empty string; only null does not match.
                        return ($"{quoted} IS NOT NULL", false);
                    }
                    var placeholder = builder.Add(new SqlArgument(builder.Dialect.TextMatchArgument(op, text), SqlValueKind.Text));
                    return (builder.Dialect.TextMatch(op, quoted, placeholder), true);
                }
            default:
                throw ObjectQLException.InvalidRequest($"Unknown operator {op} on '{field}'.", field, "unknown_operator");
        }
    }

    // "expression IN (...)" (NOT IN when negated) for non-null values: one text argument holding them all where the dialect
    // takes an array of text, so the statement's text is the same whatever the count (prepared once, one parameter to
    // bind instead of hundreds), otherwise one placeholder per value.
    private static string Membership(Builder builder, SqlColumn column, string expression, List<object> values, bool negated)
    {
        if (column.Kind == SqlValueKind.Text && builder.Dialect.BindsTextArrays)
        {
            var texts = new string[values.Count];
            for (var i = 0; i < texts.Length; i++)
            {
                texts[i] = (string)SqlValues.Coerce(SqlValueKind.Text, values[i], column.Name);
            }
            return builder.Dialect.TextArrayMembership(expression, builder.Add(new SqlArgument(texts, SqlValueKind.Text) { IsArray = true }), negated);
        }
        var placeholders = new string[values.Count];
        for (var i = 0; i < placeholders.Length; i++)
        {
            placeholders[i] = Operand(builder, column, values[i]);
        }
        return $"{expression} {(negated ? "NOT IN" : "IN")} ({string.Join(", ", placeholders)})";
    }

    private static string Operand(Builder builder, SqlColumn column, object value) =>
        builder.Add(builder.Dialect.BindComparable(column, SqlValues.Coerce(column.Kind, value, column.Name)));

    private static List<object?> List(string field, object? value, string op)
    {
        if (value is null or string or not IEnumerable)
        {
            throw ObjectQLException.InvalidRequest($"{op} on '{field}' takes a list.", field, "invalid_operand");
        }
        var list = new List<object?>();
        foreach (var item in (IEnumerable)value)
        {
            list.Add(item);
        }
        return list;
    }
}
