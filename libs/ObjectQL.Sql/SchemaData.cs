using System.Globalization;

namespace ObjectQL.Sql;

/// <summary>The questions schema sync asks of the rows already stored before it changes a table's shape.</summary>
internal static class SchemaData
{
    /// <summary>How many rows of <paramref name="table"/> match <paramref name="where"/> (all rows when null).</summary>
    public static ValueTask<long> CountAsync(ISqlExecutor executor, string table, string? where, IReadOnlyList<SqlArgument>? arguments, CancellationToken cancellationToken) =>
        executor.QueryAsync(
            new SqlStatement($"SELECT COUNT(*) FROM {table}{(where is null ? string.Empty : " WHERE " + where)}", arguments ?? []),
            0,
            static async (reader, _, ct) => await reader.ReadAsync(ct).ConfigureAwait(false) ? reader.GetInt64(0) : 0L,
            null,
            cancellationToken);

    /// <summary>How many rows hold a null in <paramref name="column"/>.</summary>
    public static ValueTask<long> CountNullsAsync(ISqlExecutor executor, SqlTable table, SqlColumn column, CancellationToken cancellationToken) =>
        CountAsync(executor, table.QuotedName, $"{column.QuotedName} IS NULL", null, cancellationToken);

    /// <summary>How many rows hold a value in <paramref name="column"/>.</summary>
    public static ValueTask<long> CountValuesAsync(ISqlExecutor executor, SqlTable table, SqlColumn column, CancellationToken cancellationToken) =>
        CountAsync(executor, table.QuotedName, $"{column.QuotedName} IS NOT NULL", null, cancellationToken);

    /// <summary>
    /// One stored value of the single-valued select <paramref name="column"/> that is none of its options, as text, and
    /// how many rows hold such values; (null, 0) when every value is an option.
    /// </summary>
    public static async ValueTask<(string? Value, long Rows)> FindValueOutsideOptionsAsync(ISqlExecutor executor, SqlTable table, SqlColumn column, CancellationToken cancellationToken)
    {
        var dialect = table.Dialect;
        var options = column.Field!.Options;
        var arguments = options.Select(o => dialect.Bind(column, o.Value)).ToArray();
        var where = options.Count == 0
            ? $"{column.QuotedName} IS NOT NULL"
            : $"{column.QuotedName} IS NOT NULL AND {column.QuotedName} NOT IN ({string.Join(", ", arguments.Select((_, i) => dialect.Parameter(i)))})";
        var rows = await CountAsync(executor, table.QuotedName, where, arguments, cancellationToken).ConfigureAwait(false);
        if (rows == 0)
        {
            return (null, 0);
        }
        var value = await executor.QueryAsync(
            new SqlStatement($"SELECT {column.QuotedName} FROM {table.QuotedName} WHERE {where}{dialect.LimitOffset(1, null)}", arguments),
            (dialect, column),
            static async (reader, state, ct) => await reader.ReadAsync(ct).ConfigureAwait(false) ? state.dialect.Read(reader, 0, state.column) : null,
            null,
            cancellationToken).ConfigureAwait(false);
        return (Convert.ToString(value, CultureInfo.InvariantCulture), rows);
    }

    /// <summary>
    /// For a <c>multiple</c> select <paramref name="column"/> (a JSON array per row, which no SQL both stores read the
    /// same way): one stored element that is none of its options, and how many rows hold such elements. Reads every
    /// list once, which only happens when the options changed.
    /// </summary>
    public static ValueTask<(string? Value, long Rows)> FindElementOutsideOptionsAsync(ISqlExecutor executor, SqlTable table, SqlColumn column, CancellationToken cancellationToken) =>
        executor.QueryAsync(
            new SqlStatement($"SELECT {column.QuotedName} FROM {table.QuotedName} WHERE {column.QuotedName} IS NOT NULL"),
            (table.Dialect, column),
            static async (reader, state, ct) =>
            {
                var options = state.column.Field!.Options;
                (string? Value, long Rows) found = (null, 0);
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    var outside = ((System.Collections.IEnumerable)state.Dialect.Read(reader, 0, state.column)!).Cast<object?>()
                        .FirstOrDefault(element => !options.Any(option => Values.CanonicalValues.Equals(option.Value, element)), Missing);
                    if (!ReferenceEquals(outside, Missing))
                    {
                        found = (found.Value ?? Convert.ToString(outside, CultureInfo.InvariantCulture), found.Rows + 1);
                    }
                }
                return found;
            },
            null,
            cancellationToken);

    private static readonly object Missing = new();

    /// <summary>True when two rows share one value of <paramref name="index"/>'s fields (rows with a null in them never clash).</summary>
    public static ValueTask<bool> HasDuplicatesAsync(ISqlExecutor executor, SqlTable table, SchemaIndex index, CancellationToken cancellationToken)
    {
        var columns = index.Fields.Select(f => table.GetColumn(f).QuotedName).ToArray();
        var sql = $"SELECT 1 FROM {table.QuotedName} WHERE {string.Join(" AND ", columns.Select(c => c + " IS NOT NULL"))} " +
            $"GROUP BY {string.Join(", ", columns)} HAVING COUNT(*) > 1{table.Dialect.LimitOffset(1, null)}";
        return executor.QueryAsync(new SqlStatement(sql), 0, static async (reader, _, ct) => await reader.ReadAsync(ct).ConfigureAwait(false), null, cancellationToken);
    }
}
