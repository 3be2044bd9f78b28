using System.Buffers;
using System.Text;
using System.Text.Json;
using ObjectQL.Sql;

namespace ObjectQL.Browser.Interop;

/// <summary>
/// The statements of one interop call, in two texts the module's engine reads: the steps as JSON
/// (<c>{"atomic":bool,"steps":[{"sql","n","per","read"}]}</c>, <c>n</c> the number of arguments the step takes), and
/// every step's arguments, in order, as one compact text (<see cref="ArgumentText"/>). JSON for the arguments cost the
/// interpreter a writer call, a transcoding and an escaping scan per value, most of a bulk write's time; the compact
/// text costs an append or two per value.
/// </summary>
internal sealed class BatchRequest
{
    private readonly ArrayBufferWriter<byte> _buffer = new();
    private readonly Utf8JsonWriter _writer;
    private readonly ArgumentText _arguments = new();

    /// <summary>
    /// Starts a request: <paramref name="atomic"/> rolls back the open transaction when a step fails;
    /// <paramref name="reader"/> runs a query outside any transaction on the reader connection where the store has one.
    /// </summary>
    public BatchRequest(bool atomic, bool reader = false)
    {
        _writer = new Utf8JsonWriter(_buffer);
        _writer.WriteStartObject();
        _writer.WriteBoolean("atomic", atomic);
        if (reader)
        {
            _writer.WriteBoolean("reader", true);
        }
        _writer.WriteStartArray("steps");
    }

    /// <summary>The number of steps written.</summary>
    public int Count { get; private set; }

    /// <summary>A statement without arguments (BEGIN, SAVEPOINT...).</summary>
    public BatchRequest Add(string sql) => Add(sql, 0, [], read: false);

    /// <summary>One execution of <paramref name="sql"/> per row of <paramref name="argumentsPerRow"/> arguments, or a query when <paramref name="read"/>.</summary>
    public BatchRequest Add(string sql, int argumentsPerRow, IReadOnlyList<SqlArgument> arguments, bool read)
    {
        _writer.WriteStartObject();
        _writer.WriteString("sql", sql);
        if (read)
        {
            _writer.WriteBoolean("read", true);
        }
        else if (argumentsPerRow > 0)
        {
            _writer.WriteNumber("per", argumentsPerRow);
        }
        if (arguments.Count > 0)
        {
            var started = ExecutorPhases.Start();
            _writer.WriteNumber("n", arguments.Count);
            for (var i = 0; i < arguments.Count; i++)
            {
                _arguments.Append(arguments[i].Value);
            }
            ExecutorPhases.Built(started);
        }
        _writer.WriteEndObject();
        Count++;
        return this;
    }

    /// <summary>The steps' JSON text; call once, when every step is added.</summary>
    public string ToJson()
    {
        _writer.WriteEndArray();
        _writer.WriteEndObject();
        _writer.Flush();
        return Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }

    /// <summary>Every step's arguments, in order, as <see cref="ArgumentText"/> writes them; call once, it returns the text's buffer to the pool.</summary>
    public string Arguments => _arguments.ToStringAndReturn();
}

