namespace ObjectQL.Sql;

/// <summary>
/// The last value bound per column of one bulk write and its argument: the pipeline stamps one boxed instant
/// (<c>created_at</c>, <c>updated_at</c>) and one user on every row of a batch, and binding the same instance again
/// (for SQLite, formatting the instant as text) would give the same argument. The rows of one write are bound one
/// after the other and their values are not changed meanwhile, so the instance says it all.
/// </summary>
internal sealed class BoundValues(int columns)
{
    private readonly object?[] _values = new object?[columns];
    private readonly SqlArgument[] _arguments = new SqlArgument[columns];

    /// <summary>The argument of <paramref name="value"/> for <paramref name="column"/>, the column's <paramref name="index"/>-th in the statement.</summary>
    public SqlArgument Bind(SqlDialect dialect, SqlColumn column, int index, object? value)
    {
        if (value is not null && ReferenceEquals(_values[index], value))
        {
            return _arguments[index];
        }
        var argument = dialect.Bind(column, value);
        _values[index] = value;
        _arguments[index] = argument;
        return argument;
    }
}
