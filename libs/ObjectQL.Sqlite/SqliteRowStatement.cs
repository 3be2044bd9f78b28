using System.Buffers;
using System.Text;
using Microsoft.Data.Sqlite;
using ObjectQL.Sql;
using ObjectQL.Sql.Dialects;
using SQLitePCL;

namespace ObjectQL.Sqlite;

/// <summary>
/// One write statement prepared on the connection itself and run once per row, its values bound by position. A bulk
/// write's rows go through here instead of <see cref="SqliteCommand"/>, which on every execution looks each parameter up
/// by its name, allocates a binder per value, converts every text to a new UTF-8 array and opens a data reader: for the
/// thousands of values of a bulk write that was a large part of its managed work. The values stored are the same:
/// texts are encoded as the command encodes them, and any value this class does not bind itself (see
/// <see cref="Binds"/>) sends the write back to the command.
/// </summary>
internal sealed class SqliteRowStatement : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly sqlite3_stmt _statement;

    // The statement's index (1-based) of the dialect's parameter i.
    private readonly int[] _indexes;

    private SqliteRowStatement(SqliteConnection connection, sqlite3_stmt statement, int[] indexes)
    {
        _connection = connection;
        _statement = statement;
        _indexes = indexes;
    }

    /// <summary>
    /// Prepares <paramref name="sql"/> with <paramref name="parameterCount"/> parameters; null when the text holds more
    /// than one statement or names other parameters (the command runs it then).
    /// </summary>
    public static SqliteRowStatement? Prepare(SqliteConnection connection, string sql, int parameterCount)
    {
        var db = connection.Handle!;
        // NUL-terminated UTF-8, prepared through the overload the command itself uses (no other in a native build).
        var utf8 = new byte[Encoding.UTF8.GetByteCount(sql) + 1];
        Encoding.UTF8.GetBytes(sql, utf8);
        var rc = raw.sqlite3_prepare_v2(db, utf8, out var statement, out var tail);
        if (rc != raw.SQLITE_OK)
        {
            statement?.Dispose();
            // The command reports the failure with its usual error.
            return null;
        }
        if (!OnlySpaces(tail) || raw.sqlite3_bind_parameter_count(statement) != parameterCount)
        {
            statement.Dispose();
            return null;
        }
        var indexes = new int[parameterCount];
        for (var i = 0; i < parameterCount; i++)
        {
            indexes[i] = raw.sqlite3_bind_parameter_index(statement, SqliteDialect.Instance.Parameter(i));
            if (indexes[i] == 0)
            {
                statement.Dispose();
                return null;
            }
        }
        return new SqliteRowStatement(connection, statement, indexes);
    }

    // What follows the first statement: a second one sends the text back to the command.
    private static bool OnlySpaces(ReadOnlySpan<byte> tail)
    {
        foreach (var b in tail)
        {
            if (b is not (0 or (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// True when every value of <paramref name="arguments"/> is one this class binds as the command would: null, a
    /// non-empty text, a whole number, or a number that is not NaN (the command refuses NaN).
    /// </summary>
    public static bool Binds(ReadOnlySpan<SqlArgument> arguments)
    {
        foreach (var argument in arguments)
        {
            switch (argument.Value)
            {
                case null or long or int:
                case string { Length: > 0 }:
                case double number when !double.IsNaN(number):
                    continue;
                default:
                    return false;
            }
        }
        return true;
    }

    /// <summary>Runs the statement once with the values of one row; the rows it changed (as the command counts them).</summary>
    public int Execute(ReadOnlySpan<SqlArgument> row)
    {
        var db = _connection.Handle!;
        try
        {
            for (var i = 0; i < _indexes.Length; i++)
            {
                Check(db, Bind(_indexes[i], row[i].Value));
            }
            int rc;
            while ((rc = raw.sqlite3_step(_statement)) == raw.SQLITE_ROW)
            {
            }
            Check(db, rc == raw.SQLITE_DONE ? raw.SQLITE_OK : rc);
            return raw.sqlite3_changes(db);
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    private int Bind(int index, object? value)
    {
        switch (value)
        {
            case null:
                return raw.sqlite3_bind_null(_statement, index);
            case long whole:
                return raw.sqlite3_bind_int64(_statement, index, whole);
            case int whole:
                return raw.sqlite3_bind_int64(_statement, index, whole);
            case double number:
                return raw.sqlite3_bind_double(_statement, index, number);
            default:
                return BindText(index, (string)value);
        }
    }

    // UTF-8 through Encoding.UTF8, as the command converts (a lone surrogate becomes U+FFFD either way); the text is
    // copied by SQLite (SQLITE_TRANSIENT), so one pooled buffer serves every value. Only non-empty texts come here: an
    // empty span would bind NULL.
    private int BindText(int index, string text)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(text, buffer);
            return raw.sqlite3_bind_text(_statement, index, buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // The command's error for the same failure (its message and codes), so the driver classifies it as before.
    private static void Check(sqlite3 db, int rc) => SqliteException.ThrowExceptionForRC(rc, db);

    public void Dispose() => _statement.Dispose();
}
