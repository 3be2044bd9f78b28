using System.Globalization;
using System.Text.Json;
using ObjectQL.Sql;

namespace ObjectQL.Sqlite.Tests.BatchOnly;

/// <summary>
/// D1's rows (JSON objects, columns in select order) as an <see cref="ISqlRowReader"/>: no ADO.NET anywhere. Numbers
/// are JSON numbers, text JSON strings, NULL JSON null; the SQLite dialect reads nothing else.
/// </summary>
internal sealed class JsonRowReader(IReadOnlyList<JsonElement> rows) : ISqlRowReader
{
    private int _next;
    private JsonElement[] _values = [];

    public ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_next >= rows.Count)
        {
            return ValueTask.FromResult(false);
        }
        var row = rows[_next++];
        var values = new List<JsonElement>(_values.Length);
        foreach (var property in row.EnumerateObject())
        {
            values.Add(property.Value);
        }
        _values = [.. values];
        return ValueTask.FromResult(true);
    }

    public bool IsNull(int ordinal) => _values[ordinal].ValueKind == JsonValueKind.Null;

    public string GetString(int ordinal) => _values[ordinal].ValueKind == JsonValueKind.String
        ? _values[ordinal].GetString()!
        : _values[ordinal].GetRawText();

    public long GetInt64(int ordinal) => _values[ordinal].TryGetInt64(out var whole) ? whole : checked((long)_values[ordinal].GetDouble());

    public double GetDouble(int ordinal) => _values[ordinal].GetDouble();

    public decimal GetDecimal(int ordinal) => _values[ordinal].ValueKind == JsonValueKind.String
        ? decimal.Parse(_values[ordinal].GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture)
        : _values[ordinal].GetDecimal();

    public bool GetBoolean(int ordinal) => GetInt64(ordinal) != 0;

    public DateOnly GetDate(int ordinal) => SqlValues.ParseDate(GetString(ordinal));

    public TimeOnly GetTime(int ordinal) => SqlValues.ParseTime(GetString(ordinal));

    public DateTimeOffset GetDateTimeOffset(int ordinal) => SqlValues.ParseDateTime(GetString(ordinal));

    public float[] GetFloatArray(int ordinal) => SqlValues.VectorFromJson(GetString(ordinal));
}
