using System.Buffers;
using System.Globalization;
using System.Numerics;
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
    private readonly StringBuilder _arguments = new();

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
                ArgumentText.Append(_arguments, arguments[i].Value);
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

    /// <summary>Every step's arguments, in order, as <see cref="ArgumentText"/> writes them.</summary>
    public string Arguments => _arguments.ToString();
}

/// <summary>
/// Argument values as compact text, read by <c>decodeArguments</c> in <c>objectql-sqlite-engine.js</c>: <c>n</c> null;
/// <c>s</c>length<c>:</c>text (length in UTF-16 code units, as JavaScript counts); <c>i</c>digits<c>;</c> a number
/// JavaScript holds exactly; <c>b</c>digits<c>;</c> a wider integer (a BigInt there); <c>d</c>number<c>;</c> a real.
/// Booleans are the integers 1 and 0, as SQLite stores them.
/// </summary>
internal static class ArgumentText
{
    private const long MaxExact = (1L << 53) - 1;

    /// <summary>Appends <paramref name="value"/> to <paramref name="text"/>.</summary>
    public static void Append(StringBuilder text, object? value)
    {
        switch (value)
        {
            case null: text.Append('n'); break;
            case string s: AppendString(text, s); break;
            case long whole: AppendInteger(text, whole); break;
            case int whole: AppendNumber(text, 'i', whole); break;
            case double real: AppendReal(text, real); break;
            case float real: AppendReal(text, real); break;
            case bool flag: text.Append(flag ? "i1;" : "i0;"); break;
            case IFormattable formattable: AppendString(text, formattable.ToString(null, CultureInfo.InvariantCulture)); break;
            default: throw new InvalidOperationException($"The browser SQLite store cannot bind a {value.GetType().Name}.");
        }
    }

    private static void AppendString(StringBuilder text, string value)
    {
        text.Append('s');
        AppendDigits(text, value.Length);
        text.Append(':').Append(value);
    }

    private static void AppendInteger(StringBuilder text, long value) =>
        AppendNumber(text, value is >= -MaxExact and <= MaxExact ? 'i' : 'b', value);

    private static void AppendReal<T>(StringBuilder text, T value)
        where T : IFloatingPoint<T>, ISpanFormattable
    {
        if (!T.IsFinite(value))
        {
            // JSON, which carried arguments before, has no such numbers either; SQLite would store NULL or fail.
            throw new InvalidOperationException($"The browser SQLite store cannot bind the number {value}.");
        }
        AppendNumber(text, 'd', value);
    }

    private static void AppendDigits(StringBuilder text, int value)
    {
        Span<char> digits = stackalloc char[11];
        value.TryFormat(digits, out var written, default, CultureInfo.InvariantCulture);
        text.Append(digits[..written]);
    }

    private static void AppendNumber<T>(StringBuilder text, char tag, T value)
        where T : ISpanFormattable
    {
        // The shortest text that reads back as the same number ("R" for reals is the default since .NET Core 3.0).
        Span<char> digits = stackalloc char[32];
        value.TryFormat(digits, out var written, default, CultureInfo.InvariantCulture);
        text.Append(tag).Append(digits[..written]).Append(';');
    }
}
