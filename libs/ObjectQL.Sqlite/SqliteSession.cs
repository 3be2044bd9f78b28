using Microsoft.Data.Sqlite;
using ObjectQL.Sql;
using ObjectQL.Sql.Dialects;

namespace ObjectQL.Sqlite;

/// <summary>One open connection with its prepared statements, used by one caller at a time.</summary>
internal sealed class SqliteSession : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SqliteRowStatement?> _rowStatements = new(StringComparer.Ordinal);
    private readonly int _cacheSize;

    public SqliteSession(SqliteConnection connection, int cacheSize)
    {
        Connection = connection;
        _cacheSize = cacheSize;
    }

    public SqliteConnection Connection { get; }

    /// <summary>The row reader handed out for this connection's queries, pointed at each query's data reader in turn.</summary>
    public DbRowReader Rows { get; } = new();

    /// <summary>The open transaction of the writer session, which every command must carry.</summary>
    public SqliteTransaction? Transaction { get; set; }

    /// <summary>A prepared command for <paramref name="sql"/> with <paramref name="parameterCount"/> parameters; <paramref name="cached"/> says whether the session owns it.</summary>
    public SqliteCommand Command(string sql, int parameterCount, out bool cached)
    {
        if (_commands.TryGetValue(sql, out var command))
        {
            cached = true;
            command.Transaction = Transaction;
            return command;
        }
        command = Connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = Transaction;
        for (var i = 0; i < parameterCount; i++)
        {
            command.Parameters.Add(new SqliteParameter(SqliteDialect.Instance.Parameter(i), DBNull.Value));
        }
        cached = _commands.Count < _cacheSize;
        if (cached)
        {
            command.Prepare();
            _commands.Add(sql, command);
        }
        return command;
    }

    /// <summary>
    /// The bulk write statement for <paramref name="sql"/>, prepared once per connection; null when the command must run
    /// it (see <see cref="SqliteRowStatement.Prepare"/>; that answer is kept too). <paramref name="cached"/> says whether
    /// the session owns it.
    /// </summary>
    public SqliteRowStatement? RowStatement(string sql, int parameterCount, out bool cached)
    {
        if (_rowStatements.TryGetValue(sql, out var statement))
        {
            cached = true;
            return statement;
        }
        statement = SqliteRowStatement.Prepare(Connection, sql, parameterCount);
        cached = _rowStatements.Count < _cacheSize;
        if (cached)
        {
            _rowStatements.Add(sql, statement);
        }
        return statement;
    }

    /// <summary>Sets the values of the first parameters from <paramref name="arguments"/>, starting at <paramref name="offset"/>.</summary>
    public static void Bind(SqliteCommand command, IReadOnlyList<SqlArgument> arguments, int offset, int count)
    {
        var parameters = command.Parameters;
        // The bulk writes' case (a pooled buffer handed over as a segment): no interface call per argument.
        var array = arguments switch
        {
            SqlArgument[] whole => whole,
            ArraySegment<SqlArgument> segment => segment.Array,
            _ => null,
        };
        if (array is not null)
        {
            offset += arguments is ArraySegment<SqlArgument> part ? part.Offset : 0;
            for (var i = 0; i < count; i++)
            {
                parameters[i].Value = ValueOf(array[offset + i]);
            }
            return;
        }
        for (var i = 0; i < count; i++)
        {
            parameters[i].Value = ValueOf(arguments[offset + i]);
        }
    }

    // A list of texts (a filter's $in or $nin, SqliteDialect.WithJsonTextLists) goes as the JSON array json_each reads.
    private static object ValueOf(SqlArgument argument) =>
        argument.IsArray ? SqliteTextLists.Json((string[])argument.Value!) : argument.Value ?? DBNull.Value;

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }
        _commands.Clear();
        foreach (var statement in _rowStatements.Values)
        {
            statement?.Dispose();
        }
        _rowStatements.Clear();
        Connection.Dispose();
    }
}
