using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ObjectQL.Sql;

namespace ObjectQL.Browser.Interop;

/// <summary>
/// The statements of one interop call, written as the JSON the module's engine reads:
/// <c>{"atomic":bool,"steps":[{"sql","args","per","read"}]}</c>. Integers outside JavaScript's exact range travel as
/// <c>{"i":"digits"}</c>.
/// </summary>
internal sealed class BatchRequest
{
    private readonly ArrayBufferWriter<byte> _buffer = new();
    private readonly Utf8JsonWriter _writer;

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
            _writer.WriteStartArray("args");
            for (var i = 0; i < arguments.Count; i++)
            {
                WriteValue(arguments[i].Value);
            }
            _writer.WriteEndArray();
        }
        _writer.WriteEndObject();
        Count++;
        return this;
    }

    /// <summary>The request's JSON text.</summary>
    public string ToJson()
    {
        _writer.WriteEndArray();
        _writer.WriteEndObject();
        _writer.Flush();
        return Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }

    private const long MaxExact = (1L << 53) - 1;

    private void WriteValue(object? value)
    {
        switch (value)
        {
            case null: _writer.WriteNullValue(); break;
            case string text: _writer.WriteStringValue(text); break;
            case long whole: WriteInteger(whole); break;
            case int whole: _writer.WriteNumberValue(whole); break;
            case double real: _writer.WriteNumberValue(real); break;
            case float real: _writer.WriteNumberValue(real); break;
            case bool flag: _writer.WriteNumberValue(flag ? 1 : 0); break;
            case IFormattable formattable: _writer.WriteStringValue(formattable.ToString(null, CultureInfo.InvariantCulture)); break;
            default: throw new InvalidOperationException($"The browser SQLite store cannot bind a {value.GetType().Name}.");
        }
    }

    private void WriteInteger(long value)
    {
        if (value is >= -MaxExact and <= MaxExact)
        {
            _writer.WriteNumberValue(value);
            return;
        }
        _writer.WriteStartObject();
        _writer.WriteString("i", value.ToString(CultureInfo.InvariantCulture));
        _writer.WriteEndObject();
    }
}
