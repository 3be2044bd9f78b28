namespace ObjectQL.Sql;

/// <summary>A parameterized SQL statement: the text with dialect placeholders and the arguments in placeholder order.</summary>
public sealed class SqlStatement
{
    /// <summary>Creates a statement.</summary>
    public SqlStatement(string text, IReadOnlyList<SqlArgument> arguments)
    {
        Text = text;
        Arguments = arguments;
    }

    /// <summary>Creates a statement without arguments.</summary>
    public SqlStatement(string text)
        : this(text, [])
    {
    }

    /// <summary>The SQL text; values appear only as placeholders.</summary>
    public string Text { get; }

    /// <summary>The arguments, in placeholder order.</summary>
    public IReadOnlyList<SqlArgument> Arguments { get; }

    /// <inheritdoc />
    public override string ToString() => Text;
}
