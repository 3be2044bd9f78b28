using System.Globalization;

namespace ObjectQL.Browser.Interop;

/// <summary>
/// The module's answer to one <see cref="BatchRequest"/>: <c>{"results":[{"rows"}|{"changes"}],"error","at"}</c>, read
/// by <see cref="AnswerText"/>. A failed step throws its <see cref="BrowserSqliteException"/> from <see cref="Parse"/>
/// (<see cref="BatchFailure"/> says which).
/// </summary>
internal sealed class BatchResponse : IDisposable
{
    private readonly AnswerText _text;
    private readonly List<StepAnswer> _steps;

    private BatchResponse(AnswerText text, List<StepAnswer> steps)
    {
        _text = text;
        _steps = steps;
    }

    /// <summary>The number of steps that completed.</summary>
    public int Completed => _steps.Count;

    /// <summary>Parses <paramref name="json"/>; throws the failure of the step that failed, if any, with <paramref name="failedAt"/> set to its index.</summary>
    public static BatchResponse Parse(string json, out int failedAt)
    {
        var text = new AnswerText(json);
        var steps = new List<StepAnswer>();
        BrowserSqliteException? error = null;
        failedAt = -1;
        var first = true;
        while (text.NextMember(ref first) is { } name)
        {
            switch (name)
            {
                case "results":
                    var firstStep = true;
                    while (text.NextElement(ref firstStep))
                    {
                        steps.Add(ReadStep(text));
                    }
                    break;
                case "error":
                    error = BrowserSqliteException.Read(text);
                    break;
                case "at":
                    failedAt = text.ReadInt32OrNull() ?? -1;
                    break;
                default:
                    text.Skip();
                    break;
            }
        }
        if (!text.AtEnd)
        {
            throw new FormatException("The SQLite module's answer has text after its end.");
        }
        if (error is not null)
        {
            throw new BatchFailure(error, failedAt);
        }
        return new BatchResponse(text, steps);
    }

    /// <summary>
    /// The rows each execution of step <paramref name="index"/> changed: <c>{"changes":[...]}</c>, or
    /// <c>{"each":count,"n":executions}</c> when every execution changed the same number (a bulk write's answer stays
    /// short, and short to read).
    /// </summary>
    public int[] Changes(int index) => _steps[index].Changes ?? throw new InvalidOperationException($"Step {index} of the answer has no changes.");

    /// <summary>The rows of query step <paramref name="index"/>.</summary>
    public AnswerRowReader Rows(int index) =>
        new(_text, _steps[index].Rows ?? throw new InvalidOperationException($"Step {index} of the answer has no rows."));

    public void Dispose()
    {
        // Nothing pooled: the cells are places in the answer's string.
    }

    private static StepAnswer ReadStep(AnswerText text)
    {
        int[]? changes = null;
        List<Cell[]>? rows = null;
        int? each = null;
        var executions = 0;
        var first = true;
        while (text.NextMember(ref first) is { } name)
        {
            switch (name)
            {
                case "rows":
                    rows = ReadRows(text);
                    break;
                case "changes":
                    var counts = new List<int>();
                    var firstCount = true;
                    while (text.NextElement(ref firstCount))
                    {
                        counts.Add(text.ReadInt32OrNull() ?? 0);
                    }
                    changes = [.. counts];
                    break;
                case "each":
                    each = text.ReadInt32OrNull();
                    break;
                case "n":
                    executions = text.ReadInt32OrNull() ?? 0;
                    break;
                default:
                    text.Skip();
                    break;
            }
        }
        if (each is { } count)
        {
            changes = new int[executions];
            Array.Fill(changes, count);
        }
        return new StepAnswer(changes, rows);
    }

    private static List<Cell[]> ReadRows(AnswerText text)
    {
        var rows = new List<Cell[]>();
        var row = new List<Cell>();
        var firstRow = true;
        while (text.NextElement(ref firstRow))
        {
            row.Clear();
            var firstCell = true;
            while (text.NextElement(ref firstCell))
            {
                row.Add(text.ReadCell());
            }
            rows.Add([.. row]);
        }
        return rows;
    }

    private readonly record struct StepAnswer(int[]? Changes, List<Cell[]>? Rows);
}

/// <summary>A step of a batch failed: the store's error and the step's index.</summary>
internal sealed class BatchFailure(BrowserSqliteException error, int at) : Exception(error.Message, error)
{
    public BrowserSqliteException Error { get; } = error;

    public int At { get; } = at;
}

/// <summary>Rows as JSON arrays of values: null, text, numbers and <c>{"i":"digits"}</c> for wide integers.</summary>
internal sealed class AnswerRowReader(AnswerText text, List<Cell[]> rows) : ObjectQL.Sql.ISqlRowReader
{
    private int _next;
    private Cell[] _row = [];

    public ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        var more = _next < rows.Count;
        if (more)
        {
            _row = rows[_next++];
        }
        return ValueTask.FromResult(more);
    }

    public bool IsNull(int ordinal) => _row[ordinal].Kind == CellKind.Null;

    public string GetString(int ordinal) => text.Text(_row[ordinal]);

    public long GetInt64(int ordinal)
    {
        var cell = _row[ordinal];
        return cell.Kind switch
        {
            CellKind.Wide or CellKind.Text => long.Parse(text.Span(cell), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
            CellKind.EscapedText => long.Parse(text.Text(cell), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
            CellKind.Number when long.TryParse(text.Span(cell), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole) => whole,
            CellKind.Number => (long)ParseDouble(text.Span(cell)),
            CellKind.True => 1,
            CellKind.False => 0,
            _ => throw NotA("number", ordinal),
        };
    }

    public double GetDouble(int ordinal)
    {
        var cell = _row[ordinal];
        return cell.Kind switch
        {
            CellKind.Wide => long.Parse(text.Span(cell), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
            CellKind.Number or CellKind.Text => ParseDouble(text.Span(cell)),
            CellKind.EscapedText => ParseDouble(text.Text(cell)),
            _ => throw NotA("number", ordinal),
        };
    }

    public decimal GetDecimal(int ordinal) => decimal.Parse(GetString(ordinal), NumberStyles.Float, CultureInfo.InvariantCulture);

    public bool GetBoolean(int ordinal) => GetInt64(ordinal) != 0;

    public DateOnly GetDate(int ordinal) => throw Unsupported("dates");

    public TimeOnly GetTime(int ordinal) => throw Unsupported("times");

    public DateTimeOffset GetDateTimeOffset(int ordinal) => throw Unsupported("instants");

    public float[] GetFloatArray(int ordinal) => throw Unsupported("arrays");

    private static double ParseDouble(ReadOnlySpan<char> digits) => double.Parse(digits, NumberStyles.Float, CultureInfo.InvariantCulture);

    private InvalidOperationException NotA(string what, int ordinal) => new($"Column {ordinal} holds {_row[ordinal].Kind}, not a {what}.");

    // The SQLite dialect stores these as text and never asks for them natively.
    private static InvalidOperationException Unsupported(string what) => new($"SQLite has no native {what}; the SQLite dialect reads them as text.");
}
