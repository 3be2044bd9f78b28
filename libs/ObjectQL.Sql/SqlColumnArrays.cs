namespace ObjectQL.Sql;

/// <summary>
/// A chunk of rows gathered into one array per column: the arguments of <see cref="SqlDialect.InsertArraysSql"/>, made
/// by the dialect that wrote that statement (<see cref="SqlDialect.NewColumnArrays"/>), which alone knows the array
/// types it casts.
/// </summary>
internal abstract class SqlColumnArrays
{
    /// <summary>Stores row <paramref name="row"/>, its arguments in column order as the dialect bound them.</summary>
    public abstract void Set(int row, ReadOnlySpan<SqlArgument> arguments);

    /// <summary>The arguments: one array per column, in column order.</summary>
    public abstract SqlArgument[] ToArguments();
}
