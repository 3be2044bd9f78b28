using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace ObjectQL.Sqlite.Tests.BatchOnly;

/// <summary>
/// What Cloudflare D1's HTTP query API does, over a real SQLite file: every request is one atomic batch (BEGIN, its
/// statements, COMMIT, or ROLLBACK on the first failure), no transaction outlives a request, rows come back as JSON
/// objects in D1's <c>{result:[{results, success, meta}], success, errors}</c> envelope and SQL errors as code 7500 with
/// SQLite's message and result code names (docs/drivers.md; reference: D1's REST API). Parameters bind by position, as
/// D1's do. Requests run one at a time, like D1's single-threaded database.
/// </summary>
internal sealed class D1Double : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public D1Double(string path)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        using var pragma = _connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;";
        pragma.ExecuteNonQuery();
    }

    /// <summary>How many requests were served (each one batch).</summary>
    public int Requests { get; private set; }

    /// <summary>Serves one <c>POST …/query</c> body; returns the response body.</summary>
    public async Task<string> QueryAsync(string body, CancellationToken cancellationToken)
    {
        var request = JsonSerializer.Deserialize(body, D1JsonContext.Default.D1Request) ?? throw new InvalidOperationException("No request.");
        var statements = request.Batch ?? [request];
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Requests++;
            return Run(statements);
        }
        finally
        {
            _gate.Release();
        }
    }

    private string Run(List<D1Request> statements)
    {
        var buffer = new MemoryStream();
        using var transaction = _connection.BeginTransaction(deferred: false);
        try
        {
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteStartArray("result");
                foreach (var statement in statements)
                {
                    RunOne(statement, transaction, writer);
                }
                writer.WriteEndArray();
                writer.WriteBoolean("success", true);
                writer.WriteStartArray("errors");
                writer.WriteEndArray();
                writer.WriteStartArray("messages");
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            transaction.Commit();
            return Encoding.UTF8.GetString(buffer.ToArray());
        }
        catch (SqliteException exception)
        {
            transaction.Rollback();
            var failure = new D1Response
            {
                Result = [],
                Success = false,
                Errors = [new D1Error { Code = 7500, Message = D1Message(exception) }],
            };
            return JsonSerializer.Serialize(failure, D1JsonContext.Default.D1Response);
        }
    }

    private void RunOne(D1Request statement, SqliteTransaction transaction, Utf8JsonWriter writer)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = statement.Sql ?? throw new InvalidOperationException("No SQL.");
        var parameters = statement.Params ?? [];
        for (var i = 0; i < parameters.Count; i++)
        {
            // Positional: the SQLite dialect numbers its placeholders in order of first use.
            command.Parameters.AddWithValue("@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), Value(parameters[i]));
        }
        writer.WriteStartObject();
        writer.WriteStartArray("results");
        int changes;
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                writer.WriteStartObject();
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    writer.WritePropertyName(reader.GetName(i));
                    WriteValue(writer, reader.GetValue(i));
                }
                writer.WriteEndObject();
            }
            changes = Math.Max(0, reader.RecordsAffected);
        }
        writer.WriteEndArray();
        writer.WriteBoolean("success", true);
        writer.WriteStartObject("meta");
        writer.WriteString("served_by", "d1-double");
        writer.WriteNumber("duration", 0);
        writer.WriteNumber("changes", changes);
        writer.WriteBoolean("changed_db", changes > 0);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static object Value(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!,
        JsonValueKind.Number when element.TryGetInt64(out var whole) => whole,
        JsonValueKind.Number => element.GetDouble(),
        JsonValueKind.True => 1L,
        JsonValueKind.False => 0L,
        JsonValueKind.Null => DBNull.Value,
        _ => throw new InvalidOperationException($"D1 does not bind {element.ValueKind} parameters."),
    };

    private static void WriteValue(Utf8JsonWriter writer, object value)
    {
        switch (value)
        {
            case DBNull: writer.WriteNullValue(); break;
            case long l: writer.WriteNumberValue(l); break;
            case double d: writer.WriteNumberValue(d); break;
            case string s: writer.WriteStringValue(s); break;
            case byte[] bytes:
                writer.WriteStartArray();
                foreach (var b in bytes)
                {
                    writer.WriteNumberValue(b);
                }
                writer.WriteEndArray();
                break;
            default: throw new InvalidOperationException($"SQLite returned a {value.GetType().Name}.");
        }
    }

    // D1 passes SQLite's own text on, followed by the result code names:
    // "UNIQUE constraint failed: users.email: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_UNIQUE)".
    private static string D1Message(SqliteException exception)
    {
        var message = exception.Message;
        var open = message.IndexOf('\'', StringComparison.Ordinal);
        var close = message.LastIndexOf('\'');
        var text = open >= 0 && close > open ? message[(open + 1)..close] : message;
        var name = exception.SqliteErrorCode switch
        {
            19 => "SQLITE_CONSTRAINT",
            5 => "SQLITE_BUSY",
            6 => "SQLITE_LOCKED",
            18 => "SQLITE_TOOBIG",
            _ => "SQLITE_ERROR",
        };
        var extended = exception.SqliteExtendedErrorCode switch
        {
            2067 => "SQLITE_CONSTRAINT_UNIQUE",
            1555 => "SQLITE_CONSTRAINT_PRIMARYKEY",
            1299 => "SQLITE_CONSTRAINT_NOTNULL",
            787 => "SQLITE_CONSTRAINT_FOREIGNKEY",
            275 => "SQLITE_CONSTRAINT_CHECK",
            _ => null,
        };
        return extended is null ? $"{text}: {name}" : $"{text}: {name} (extended: {extended})";
    }

    public void Dispose()
    {
        _connection.Dispose();
        _gate.Dispose();
    }
}
