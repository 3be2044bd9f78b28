using System.Globalization;
using System.Text.Json;

namespace ObjectQL.Browser.Interop;

/// <summary>
/// The module's answer to one <see cref="BatchRequest"/>: <c>{"results":[{"rows"}|{"changes"}],"error","at"}</c>. A
/// failed step throws its <see cref="BrowserSqliteException"/> from <see cref="Parse"/> (<see cref="BatchFailure"/> says which).
/// </summary>
internal sealed class BatchResponse : IDisposable
{
    private readonly JsonDocument _document;
    private readonly JsonElement _results;

    private BatchResponse(JsonDocument document)
    {
        _document = document;
        _results = document.RootElement.GetProperty("results");
    }

    /// <summary>The number of steps that completed.</summary>
    public int Completed => _results.GetArrayLength();

    /// <summary>Parses <paramref name="json"/>; throws the failure of the step that failed, if any, with <paramref name="failedAt"/> set to its index.</summary>
    public static BatchResponse Parse(string json, out int failedAt)
    {
        var document = JsonDocument.Parse(json);
        failedAt = -1;
        if (document.RootElement.TryGetProperty("error", out var error))
        {
            failedAt = document.RootElement.GetProperty("at").GetInt32();
            var exception = BrowserSqliteException.From(error);
            document.Dispose();
            throw new BatchFailure(exception, failedAt);
        }
        return new BatchResponse(document);
    }

    /// <summary>
    /// The rows each execution of step <paramref name="index"/> changed: <c>{"changes":[...]}</c>, or
    /// <c>{"each":count,"n":executions}</c> when every execution changed the same number (a bulk write's answer stays
    /// short, and short to read).
    /// </summary>
    public int[] Changes(int index)
    {
        var step = _results[index];
        if (step.TryGetProperty("each", out var each))
        {
            var same = new int[step.GetProperty("n").GetInt32()];
            Array.Fill(same, each.GetInt32());
            return same;
        }
        var changes = step.GetProperty("changes");
        var counts = new int[changes.GetArrayLength()];
        var i = 0;
        foreach (var count in changes.EnumerateArray())
        {
            counts[i++] = count.ValueKind == JsonValueKind.Number ? count.GetInt32() : 0;
        }
        return counts;
    }

    /// <summary>The rows of query step <paramref name="index"/>.</summary>
    public JsonRowReader Rows(int index) => new(_results[index].GetProperty("rows"));

    public void Dispose() => _document.Dispose();
}

/// <summary>A step of a batch failed: the store's error and the step's index.</summary>
internal sealed class BatchFailure(BrowserSqliteException error, int at) : Exception(error.Message, error)
{
    public BrowserSqliteException Error { get; } = error;

    public int At { get; } = at;
}

/// <summary>Rows as JSON arrays of values: null, text, numbers and <c>{"i":"digits"}</c> for wide integers.</summary>
internal sealed class JsonRowReader(JsonElement rows) : ObjectQL.Sql.ISqlRowReader
{
    private JsonElement.ArrayEnumerator _rows = rows.EnumerateArray();
    private JsonElement _row;

    public ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        var more = _rows.MoveNext();
        if (more)
        {
            _row = _rows.Current;
        }
        return ValueTask.FromResult(more);
    }

    public bool IsNull(int ordinal) => _row[ordinal].ValueKind == JsonValueKind.Null;

    public string GetString(int ordinal)
    {
        var value = _row[ordinal];
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Object => value.GetProperty("i").GetString()!,
            _ => value.GetRawText(),
        };
    }

    public long GetInt64(int ordinal)
    {
        var value = _row[ordinal];
        return value.ValueKind switch
        {
            JsonValueKind.Object => long.Parse(value.GetProperty("i").GetString()!, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
            JsonValueKind.String => long.Parse(value.GetString()!, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
            _ when value.TryGetInt64(out var whole) => whole,
            _ => (long)value.GetDouble(),
        };
    }

    public double GetDouble(int ordinal)
    {
        var value = _row[ordinal];
        return value.ValueKind switch
        {
            JsonValueKind.Object => long.Parse(value.GetProperty("i").GetString()!, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
            JsonValueKind.String => double.Parse(value.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture),
            _ => value.GetDouble(),
        };
    }

    public decimal GetDecimal(int ordinal) => decimal.Parse(GetString(ordinal), NumberStyles.Float, CultureInfo.InvariantCulture);

    public bool GetBoolean(int ordinal) => GetInt64(ordinal) != 0;

    public DateOnly GetDate(int ordinal) => throw Unsupported("dates");

    public TimeOnly GetTime(int ordinal) => throw Unsupported("times");

    public DateTimeOffset GetDateTimeOffset(int ordinal) => throw Unsupported("instants");

    public float[] GetFloatArray(int ordinal) => throw Unsupported("arrays");

    // The SQLite dialect stores these as text and never asks for them natively.
    private static InvalidOperationException Unsupported(string what) => new($"SQLite has no native {what}; the SQLite dialect reads them as text.");
}
