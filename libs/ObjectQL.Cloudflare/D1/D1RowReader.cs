using System.Globalization;
using System.Text.Json;
using ObjectQL.Sql;

namespace ObjectQL.Cloudflare.D1;

/// <summary>
/// D1's rows (JSON objects, columns in select order) as an <see cref="ISqlRowReader"/>. Numbers are JSON numbers, text
/// JSON strings, NULL JSON null and blobs arrays of byte values; the SQLite dialect asks for text, whole numbers and
/// doubles only.
/// </summary>
internal sealed class D1RowReader(IReadOnlyList<JsonElement> rows) : ISqlRowReader
{
    private int _next;
    private readonly List<JsonElement> _values = [];

    public ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_next >= rows.Count)
        {
            return ValueTask.FromResult(false);
        }
        _values.Clear();
        foreach (var property in rows[_next++].EnumerateObject())
        {
            _values.Add(property.Value);
        }
        return ValueTask.FromResult(true);
    }

    public bool IsNull(int ordinal) => _values[ordinal].ValueKind == JsonValueKind.Null;

    public string GetString(int ordinal) => _values[ordinal].ValueKind == JsonValueKind.String
        ? _values[ordinal].GetString()!
        : _values[ordinal].GetRawText();

    public long GetInt64(int ordinal) => _values[ordinal] switch
    {
        { ValueKind: JsonValueKind.Number } number when number.TryGetInt64(out var whole) => whole,
        { ValueKind: JsonValueKind.Number } number => checked((long)number.GetDouble()),
        var text => long.Parse(text.GetString()!, NumberStyles.Integer, CultureInfo.InvariantCulture),
    };

    public double GetDouble(int ordinal) => _values[ordinal].ValueKind == JsonValueKind.String
        ? double.Parse(_values[ordinal].GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture)
        : _values[ordinal].GetDouble();

    public decimal GetDecimal(int ordinal) => _values[ordinal].ValueKind == JsonValueKind.String
        ? decimal.Parse(_values[ordinal].GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture)
        : _values[ordinal].GetDecimal();

    public bool GetBoolean(int ordinal) => GetInt64(ordinal) != 0;

    public DateOnly GetDate(int ordinal) => SqlValues.ParseDate(GetString(ordinal));

    public TimeOnly GetTime(int ordinal) => SqlValues.ParseTime(GetString(ordinal));

    public DateTimeOffset GetDateTimeOffset(int ordinal) => SqlValues.ParseDateTime(GetString(ordinal));

    public float[] GetFloatArray(int ordinal) => SqlValues.VectorFromJson(GetString(ordinal));
}
