using System.Globalization;
using System.Text;
using ObjectQL.Sql;

namespace ObjectQL.Browser.Interop;

/// <summary>
/// The statements of one interop call, in two texts the module's engine reads: the steps as JSON
/// (<c>{"atomic":bool,"steps":[{"sql","n","per","read"}]}</c>, <c>n</c> the number of arguments the step takes), and
/// every step's arguments, in order, as one compact text (<see cref="ArgumentText"/>). JSON for the arguments cost the
/// interpreter a writer call, a transcoding and an escaping scan per value, most of a bulk write's time; the compact
/// text costs an append or two per value. The steps' JSON is written here by hand, not by <c>Utf8JsonWriter</c>: its
/// shape is fixed and only the SQL needs escaping, and the writer's first use (its encoder, its checks, the UTF-8 round
/// trip) cost the interpreter 100-300 ms on the app's first call into the store.
/// </summary>
internal sealed class BatchRequest
{
    private readonly StringBuilder _steps = new(128);
    private readonly ArgumentText _arguments = new();

    /// <summary>
    /// Starts a request: <paramref name="atomic"/> rolls back the open transaction when a step fails;
    /// <paramref name="reader"/> runs a query outside any transaction on the reader connection where the store has one.
    /// </summary>
    public BatchRequest(bool atomic, bool reader = false)
    {
        _steps.Append(atomic ? "{\"atomic\":true" : "{\"atomic\":false");
        if (reader)
        {
            _steps.Append(",\"reader\":true");
        }
        _steps.Append(",\"steps\":[");
    }

    /// <summary>The number of steps written.</summary>
    public int Count { get; private set; }

    /// <summary>A statement without arguments (BEGIN, SAVEPOINT...).</summary>
    public BatchRequest Add(string sql) => Add(sql, 0, [], read: false);

    /// <summary>One execution of <paramref name="sql"/> per row of <paramref name="argumentsPerRow"/> arguments, or a query when <paramref name="read"/>.</summary>
    public BatchRequest Add(string sql, int argumentsPerRow, IReadOnlyList<SqlArgument> arguments, bool read)
    {
        _steps.Append(Count == 0 ? "{\"sql\":" : ",{\"sql\":");
        AppendJsonString(_steps, sql);
        if (read)
        {
            _steps.Append(",\"read\":true");
        }
        else if (argumentsPerRow > 0)
        {
            _steps.Append(",\"per\":").Append(argumentsPerRow.ToString(CultureInfo.InvariantCulture));
        }
        if (arguments.Count > 0)
        {
            var started = ExecutorPhases.Start();
            _steps.Append(",\"n\":").Append(arguments.Count.ToString(CultureInfo.InvariantCulture));
            for (var i = 0; i < arguments.Count; i++)
            {
                if (arguments[i].Value is byte[] bytes)
                {
                    AddBytes(bytes);
                }
                else
                {
                    _arguments.Append(arguments[i].Value);
                }
            }
            ExecutorPhases.Built(started);
        }
        _steps.Append('}');
        Count++;
        return this;
    }

    /// <summary>
    /// The request's byte array (a pulled page as it arrived), which travels beside the texts as a <c>Uint8Array</c>
    /// handed to the Worker without a copy; its argument is the tag <c>u</c>. One per request: a page is never read
    /// beside another.
    /// </summary>
    public byte[]? Bytes { get; private set; }

    /// <summary>The steps' JSON text; call once, when every step is added.</summary>
    public string ToJson() => _steps.Append("]}").ToString();

    private void AddBytes(byte[] bytes)
    {
        if (Bytes is not null)
        {
            throw new InvalidOperationException("The browser SQLite store binds one byte array per call.");
        }
        Bytes = bytes;
        _arguments.AppendBytes();
    }

    // A JSON string: quotes, backslashes and control characters escaped; everything else as it is (the text reaches
    // JavaScript as UTF-16, where JSON.parse takes any other character, unpaired surrogates included).
    internal static void AppendJsonString(StringBuilder text, string value)
    {
        text.Append('"');
        var from = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c >= ' ' && c != '"' && c != '\\')
            {
                continue;
            }
            text.Append(value, from, i - from);
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                default: text.Append("\\u00").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture)); break;
            }
            from = i + 1;
        }
        text.Append(value, from, value.Length - from).Append('"');
    }

    /// <summary>Every step's arguments, in order, as <see cref="ArgumentText"/> writes them; call once, it returns the text's buffer to the pool.</summary>
    public string Arguments => _arguments.ToStringAndReturn();
}

