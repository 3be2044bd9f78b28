using ObjectQL.Metadata;
using ObjectQL.Querying;

namespace ObjectQL.Sql;

/// <summary>A compiled read: the statement and the columns of its result, in order.</summary>
/// <param name="Statement">The statement.</param>
/// <param name="Columns">The result columns.</param>
public sealed record CompiledQuery(SqlStatement Statement, IReadOnlyList<SqlColumn> Columns);

/// <summary>One result column of an aggregate query.</summary>
/// <param name="Name">The record key: a group field or an aggregation alias.</param>
/// <param name="Column">The field's column (null for <c>COUNT(*)</c>).</param>
/// <param name="Function">The aggregate function, or null for a group key.</param>
public sealed record AggregateSlot(string Name, SqlColumn? Column, AggregateFunction? Function)
{
    /// <summary>
    /// True for the average of a currency: the store returns the exact sum and the count (two result columns) and the
    /// division happens in <see cref="decimal"/>, as the memory driver does it.
    /// </summary>
    public bool SumAndCount => Function == AggregateFunction.Avg && Column is { Kind: SqlValueKind.Decimal };
}

/// <summary>A compiled aggregate query.</summary>
/// <param name="Statement">The statement.</param>
/// <param name="Slots">The result columns, in order.</param>
public sealed record CompiledAggregate(SqlStatement Statement, IReadOnlyList<AggregateSlot> Slots);

/// <summary>
/// Compiles the canonical query AST into parameterized SQL for a <see cref="SqlDialect"/>. Field names are resolved
/// against the metadata (unknown ones are an <see cref="ErrorCodes.InvalidRequest"/> error naming them) and quoted;
/// every value is an argument. The semantics equal the memory driver's (docs/querying.md).
/// </summary>
public static partial class SqlCompiler
{
    /// <summary>Compiles a find: filter, projection (always with <c>id</c>), order with <c>id</c> as the final tie-break, paging.</summary>
    public static CompiledQuery Find(SqlTable table, Query query)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(query);
        CheckPaging(query.Limit, query.Offset);
        var builder = new Builder(table);
        var columns = Projection(table, query);
        builder.Text.Append(query.Distinct ? "SELECT DISTINCT " : "SELECT ");
        if (ReferenceEquals(columns, table.Columns))
        {
            builder.Text.Append(table.SelectList);
        }
        else
        {
            builder.Text.AppendJoin(", ", columns.Select(c => c.QuotedName));
        }
        builder.Text.Append(" FROM ").Append(table.QuotedName);
        AppendWhere(builder, query.Where);
        AppendOrder(builder, query.OrderBy, query.Distinct ? columns : null);
        builder.Text.Append(table.Dialect.LimitOffset(query.Limit, query.Offset));
        return new CompiledQuery(builder.Build(), columns);
    }

    /// <summary>Compiles a count of the records matching <paramref name="where"/>.</summary>
    public static SqlStatement Count(SqlTable table, Filter? where)
    {
        ArgumentNullException.ThrowIfNull(table);
        var builder = new Builder(table);
        builder.Text.Append("SELECT COUNT(*) FROM ").Append(table.QuotedName);
        AppendWhere(builder, where);
        return builder.Build();
    }

    /// <summary>Compiles the distinct non-null values of <paramref name="field"/>, ascending.</summary>
    public static CompiledQuery Distinct(SqlTable table, string field, Filter? where)
    {
        ArgumentNullException.ThrowIfNull(table);
        var column = table.GetColumn(field);
        CheckSortable(column);
        var builder = new Builder(table);
        // The comparable form, so values equal by value (currency 12.5 and 12.50 in SQLite) come back once.
        builder.Text.Append("SELECT DISTINCT ").Append(table.Dialect.ComparableExpression(column)).Append(" FROM ").Append(table.QuotedName)
            .Append(" WHERE ").Append(column.QuotedName).Append(" IS NOT NULL");
        if (where is not null)
        {
            builder.Text.Append(" AND ");
            AppendFilter(builder, where, negate: false);
        }
        builder.Text.Append(" ORDER BY ").Append(table.Dialect.OrderTerm(table.Dialect.ComparableExpression(column), SortDirection.Ascending));
        return new CompiledQuery(builder.Build(), [column]);
    }

    /// <summary>Compiles a grouped aggregation; groups come back ordered by <see cref="Query.OrderBy"/>, then by the group keys ascending.</summary>
    public static CompiledAggregate Aggregate(SqlTable table, Query query)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(query);
        CheckPaging(query.Limit, query.Offset);
        if (query.GroupBy.Count == 0 && query.Aggregations.Count == 0)
        {
            throw ObjectQLException.InvalidRequest("An aggregate query needs groupBy fields or aggregations.", null, "empty_aggregate");
        }
        var dialect = table.Dialect;
        var builder = new Builder(table);
        var slots = new List<AggregateSlot>();
        var expressions = new Dictionary<string, string>(StringComparer.Ordinal);
        var terms = new List<string>();
        foreach (var name in query.GroupBy)
        {
            var column = table.GetColumn(name);
            CheckSortable(column);
            var key = dialect.ComparableExpression(column);
            if (expressions.TryAdd(name, key))
            {
                slots.Add(new AggregateSlot(name, column, null));
                terms.Add(key);
            }
        }
        foreach (var aggregation in query.Aggregations)
        {
            if (string.IsNullOrEmpty(aggregation.Alias) || expressions.ContainsKey(aggregation.Alias))
            {
                throw ObjectQLException.InvalidRequest($"Aggregation alias '{aggregation.Alias}' is empty or used twice.", aggregation.Alias, "invalid_alias");
            }
            SqlColumn? column = null;
            string expression;
            if (aggregation.Field is null)
            {
                if (aggregation.Function != AggregateFunction.Count)
                {
                    throw ObjectQLException.InvalidRequest($"{aggregation.Function} needs a field.", aggregation.Alias, "missing_field");
                }
                expression = "COUNT(*)";
            }
            else
            {
                column = table.GetColumn(aggregation.Field);
                var operand = dialect.ComparableExpression(column);
                if (aggregation.Function is AggregateFunction.Sum or AggregateFunction.Avg && column.Kind is not (SqlValueKind.Real or SqlValueKind.Decimal or SqlValueKind.Integer))
                {
                    throw ObjectQLException.InvalidRequest($"{aggregation.Function} needs a number field; '{column.Name}' is {column.TypeName}.", column.Name, "invalid_aggregate");
                }
                if (aggregation.Function is AggregateFunction.Min or AggregateFunction.Max)
                {
                    CheckSortable(column);
                }
                expression = aggregation.Function switch
                {
                    AggregateFunction.Count => $"COUNT({column.QuotedName})",
                    AggregateFunction.Sum => $"SUM({operand})",
                    AggregateFunction.Avg when column.Kind == SqlValueKind.Decimal => $"SUM({operand}), COUNT({column.QuotedName})",
                    AggregateFunction.Avg => $"AVG({operand})",
                    AggregateFunction.Min => $"MIN({operand})",
                    _ => $"MAX({operand})",
                };
            }
            var alias = dialect.QuoteIdentifier(aggregation.Alias);
            var slot = new AggregateSlot(aggregation.Alias, column, aggregation.Function);
            // A sum-and-count average has no column of its alias to sort by; the quotient orders the same way.
            expressions.Add(aggregation.Alias, slot.SumAndCount
                ? $"SUM({dialect.ComparableExpression(column!)}) / NULLIF(COUNT({column!.QuotedName}), 0)"
                : alias);
            slots.Add(slot);
            terms.Add(slot.SumAndCount ? expression : $"{expression} AS {alias}");
        }
        builder.Text.Append("SELECT ").AppendJoin(", ", terms).Append(" FROM ").Append(table.QuotedName);
        AppendWhere(builder, query.Where);
        if (query.GroupBy.Count > 0)
        {
            builder.Text.Append(" GROUP BY ").AppendJoin(", ", query.GroupBy.Distinct(StringComparer.Ordinal).Select(n => expressions[n]));
            var order = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var sort in query.OrderBy)
            {
                if (!expressions.TryGetValue(sort.Field, out var expression))
                {
                    throw ObjectQLException.InvalidRequest($"An aggregate query sorts only by its group fields or aliases; '{sort.Field}' is neither.", sort.Field, "invalid_sort");
                }
                if (seen.Add(sort.Field))
                {
                    order.Add(dialect.OrderTerm(expression, sort.Direction));
                }
            }
            foreach (var name in query.GroupBy)
            {
                if (seen.Add(name))
                {
                    order.Add(dialect.OrderTerm(expressions[name], SortDirection.Ascending));
                }
            }
            builder.Text.Append(" ORDER BY ").AppendJoin(", ", order);
        }
        builder.Text.Append(dialect.LimitOffset(query.Limit, query.Offset));
        return new CompiledAggregate(builder.Build(), slots);
    }

    /// <summary>
    /// The UPDATE for one shape of change: the given columns set, matched by id and, when asked, by <c>_version</c>;
    /// with <paramref name="incrementVersion"/> it also sets <c>_version</c> to its stored value plus one.
    /// </summary>
    public static string Update(SqlTable table, IReadOnlyList<SqlColumn> columns, bool compareVersion, bool incrementVersion = false)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(columns);
        var dialect = table.Dialect;
        var builder = new System.Text.StringBuilder("UPDATE ").Append(table.QuotedName).Append(" SET ");
        var index = 0;
        if (incrementVersion)
        {
            builder.Append(table.Version.QuotedName).Append(" = ").Append(table.Version.QuotedName).Append(" + 1");
        }
        else if (columns.Count == 0)
        {
            // Nothing to write: a no-op assignment still reports whether the row (and version) matched.
            builder.Append(table.Id.QuotedName).Append(" = ").Append(table.Id.QuotedName);
        }
        for (; index < columns.Count; index++)
        {
            if (index > 0 || incrementVersion)
            {
                builder.Append(", ");
            }
            builder.Append(columns[index].QuotedName).Append(" = ").Append(dialect.Parameter(index));
        }
        builder.Append(" WHERE ").Append(table.Id.QuotedName).Append(" = ").Append(dialect.Parameter(index++));
        if (compareVersion)
        {
            builder.Append(" AND ").Append(table.Version.QuotedName).Append(" = ").Append(dialect.Parameter(index));
        }
        return builder.ToString();
    }

    private static IReadOnlyList<SqlColumn> Projection(SqlTable table, Query query)
    {
        if (query.Fields is null)
        {
            return table.Columns;
        }
        var columns = new List<SqlColumn>(query.Fields.Count + 1);
        if (!query.Distinct)
        {
            columns.Add(table.Id);
        }
        foreach (var name in query.Fields)
        {
            var column = table.GetColumn(name);
            if (!columns.Contains(column))
            {
                columns.Add(column);
            }
        }
        if (columns.Count == 0)
        {
            throw ObjectQLException.InvalidRequest("A distinct query needs at least one field.", null, "empty_fields");
        }
        return columns;
    }

    private static void AppendWhere(Builder builder, Filter? where)
    {
        if (where is null)
        {
            return;
        }
        builder.Text.Append(" WHERE ");
        AppendFilter(builder, where, negate: false);
    }

    private static void AppendOrder(Builder builder, IReadOnlyList<SortSpec> orderBy, IReadOnlyList<SqlColumn>? distinctColumns)
    {
        var dialect = builder.Dialect;
        var terms = new List<string>(orderBy.Count + 1);
        var seen = new HashSet<SqlColumn>();
        foreach (var sort in orderBy)
        {
            var column = builder.Table.GetColumn(sort.Field);
            CheckSortable(column);
            if (distinctColumns is not null && !distinctColumns.Contains(column))
            {
                throw ObjectQLException.InvalidRequest($"A distinct query sorts only by its fields; '{sort.Field}' is not one of them.", sort.Field, "invalid_sort");
            }
            if (seen.Add(column))
            {
                terms.Add(OrderTerm(builder, column, sort.Direction));
            }
        }
        // Ties are broken by id ascending so pages are stable; a distinct query has no id, so its own fields decide.
        foreach (var column in distinctColumns ?? [builder.Table.Id])
        {
            if (seen.Add(column))
            {
                CheckSortable(column);
                terms.Add(OrderTerm(builder, column, SortDirection.Ascending));
            }
        }
        builder.Text.Append(" ORDER BY ").AppendJoin(", ", terms);
    }

    private static string OrderTerm(Builder builder, SqlColumn column, SortDirection direction) =>
        column == builder.Table.Id
            ? builder.Dialect.KeyOrderTerm(builder.Dialect.ComparableExpression(column), direction)
            : builder.Dialect.OrderTerm(builder.Dialect.ComparableExpression(column), direction);

    private static void CheckSortable(SqlColumn column)
    {
        if (column.IsList || column.Kind is SqlValueKind.Json or SqlValueKind.RealArray)
        {
            throw ObjectQLException.InvalidRequest($"Field '{column.Name}' holds {(column.IsList ? "a list" : "JSON")}; it cannot be sorted, grouped or listed distinct.", column.Name, "unsortable_field");
        }
    }

    private static void CheckPaging(int? limit, int? offset)
    {
        if (limit is < 0)
        {
            throw ObjectQLException.InvalidRequest($"limit must not be negative (was {limit}).", "limit", "invalid_paging");
        }
        if (offset is < 0)
        {
            throw ObjectQLException.InvalidRequest($"offset must not be negative (was {offset}).", "offset", "invalid_paging");
        }
    }
}
