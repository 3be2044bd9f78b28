using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text.Json;
using ObjectQL.Values;

namespace ObjectQL.Sql;

/// <summary>
/// Canonical runtime values (docs/modeling.md) checked against a column, and their text forms for stores without native
/// types. Text forms are fixed-width where order matters, so SQL text comparison equals value comparison.
/// </summary>
public static class SqlValues
{
    /// <summary>The <see cref="DateOnly"/> text form, <c>yyyy-MM-dd</c>.</summary>
    public const string DateFormat = "yyyy'-'MM'-'dd";

    /// <summary>The <see cref="TimeOnly"/> text form, fixed width to 100 ns.</summary>
    public const string TimeFormat = "HH':'mm':'ss'.'fffffff";

    /// <summary>The instant text form: UTC, fixed width to 100 ns, ending in <c>Z</c>.</summary>
    public const string DateTimeFormat = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffff'Z'";

    /// <summary>
    /// Checks that <paramref name="value"/> fits <paramref name="kind"/> and returns it in canonical form (any .NET number
    /// is accepted for a number, any integral or decimal for a currency). Anything else is an
    /// <see cref="ErrorCodes.InvalidRequest"/> error naming <paramref name="field"/>.
    /// </summary>
    public static object Coerce(SqlValueKind kind, object value, string field)
    {
        switch (kind)
        {
            case SqlValueKind.Text when value is string:
            case SqlValueKind.Boolean when value is bool:
            case SqlValueKind.Date when value is DateOnly:
            case SqlValueKind.Time when value is TimeOnly:
            case SqlValueKind.DateTime when value is DateTimeOffset:
            case SqlValueKind.Json when value is JsonElement:
            case SqlValueKind.RealArray when value is float[]:
            case SqlValueKind.Real when value is double:
            case SqlValueKind.Decimal when value is decimal:
            case SqlValueKind.Integer when value is long:
                return value;
            case SqlValueKind.Real:
                switch (value)
                {
                    case int i: return (double)i;
                    case long l: return (double)l;
                    case float f: return (double)f;
                    case decimal m: return (double)m;
                    case short s: return (double)s;
                }
                break;
            case SqlValueKind.Decimal:
                switch (value)
                {
                    case int i: return (decimal)i;
                    case long l: return (decimal)l;
                    case double d when double.IsFinite(d): return (decimal)d;
                }
                break;
            case SqlValueKind.Integer:
                switch (value)
                {
                    case int i: return (long)i;
                    case double d when d == Math.Floor(d) && Math.Abs(d) < 9e15: return (long)d;
                }
                break;
            case SqlValueKind.DateTime when value is DateTime dt:
                return dt.Kind == DateTimeKind.Unspecified ? new DateTimeOffset(dt, TimeSpan.Zero) : new DateTimeOffset(dt);
            case SqlValueKind.RealArray when value is IEnumerable<float> floats:
                return floats.ToArray();
            case SqlValueKind.RealArray when value is IEnumerable<double> doubles:
                return doubles.Select(d => (float)d).ToArray();
        }
        throw ObjectQLException.InvalidRequest(
            $"Field '{field}' holds {Describe(kind)} values; {value.GetType().Name} value '{Convert.ToString(value, CultureInfo.InvariantCulture)}' does not fit.",
            field,
            "invalid_type");
    }

    /// <summary>A list value (a <c>multiple</c> field) as a JSON array, each element checked against <paramref name="elementKind"/>.</summary>
    public static string ToJsonArray(SqlValueKind elementKind, object value, string field)
    {
        if (value is string or not IEnumerable)
        {
            throw ObjectQLException.InvalidRequest($"Field '{field}' holds a list; a {value.GetType().Name} value does not fit.", field, "invalid_type");
        }
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var item in (IEnumerable)value)
            {
                if (item is null)
                {
                    writer.WriteNullValue();
                    continue;
                }
                WriteElement(writer, elementKind, Coerce(elementKind, item, field));
            }
            writer.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads a JSON array written by <see cref="ToJsonArray"/> back into a typed array (<c>string[]</c>, <c>double[]</c>...), the canonical list form.</summary>
    public static object FromJsonArray(SqlValueKind elementKind, string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return elementKind switch
        {
            SqlValueKind.Real => Read(root, static e => e.GetDouble()),
            SqlValueKind.Decimal => Read(root, static e => e.GetDecimal()),
            SqlValueKind.Boolean => Read(root, static e => e.GetBoolean()),
            SqlValueKind.Integer => Read(root, static e => e.GetInt64()),
            SqlValueKind.Date => Read(root, static e => ParseDate(e.GetString()!)),
            SqlValueKind.Time => Read(root, static e => ParseTime(e.GetString()!)),
            SqlValueKind.DateTime => Read(root, static e => ParseDateTime(e.GetString()!)),
            SqlValueKind.Json => Read(root, static e => e.Clone()),
            _ => Read(root, static e => e.GetString()!),
        };
    }

    private static T[] Read<T>(JsonElement array, Func<JsonElement, T> read)
    {
        var result = new T[array.GetArrayLength()];
        var i = 0;
        foreach (var element in array.EnumerateArray())
        {
            result[i++] = read(element);
        }
        return result;
    }

    /// <summary>A vector as a JSON array of numbers.</summary>
    public static string VectorToJson(float[] vector)
    {
        var buffer = new ArrayBufferWriter<byte>(16 + vector.Length * 12);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var f in vector)
            {
                writer.WriteNumberValue(f);
            }
            writer.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads a vector written by <see cref="VectorToJson"/>.</summary>
    public static float[] VectorFromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        var result = new float[document.RootElement.GetArrayLength()];
        var i = 0;
        foreach (var e in document.RootElement.EnumerateArray())
        {
            result[i++] = e.GetSingle();
        }
        return result;
    }

    /// <summary>Parses a stored JSON document into a detached <see cref="JsonElement"/>.</summary>
    public static JsonElement ParseJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>The text form of a date.</summary>
    public static string FormatDate(DateOnly value) => value.ToString(DateFormat, CultureInfo.InvariantCulture);

    /// <summary>The text form of a time.</summary>
    public static string FormatTime(TimeOnly value) => value.ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>The text form of an instant (converted to UTC).</summary>
    /// <remarks>
    /// Written digit by digit (the same characters as <see cref="DateTimeFormat"/> with the invariant culture). A batch
    /// insert stamps one instant into several columns of every row, so the last instant's text is kept per thread and
    /// handed out again instead of formatted anew.
    /// </remarks>
    public static string FormatDateTime(DateTimeOffset value)
    {
        var ticks = value.UtcTicks;
        if (_lastInstantText is { } last && _lastInstantTicks == ticks)
        {
            return last;
        }
        // On the stack and copied once, not through string.Create, whose instantiation a native build compiles per state type.
        Span<char> text = stackalloc char[28];
        InstantText.WriteSeconds(text, new DateTime(ticks, DateTimeKind.Utc));
        text[19] = '.';
        InstantText.Digits(text.Slice(20, 7), (int)(ticks % TimeSpan.TicksPerSecond));
        text[27] = 'Z';
        var formatted = new string(text);
        (_lastInstantTicks, _lastInstantText) = (ticks, formatted);
        return formatted;
    }

    [ThreadStatic]
    private static long _lastInstantTicks;

    [ThreadStatic]
    private static string? _lastInstantText;

    /// <summary>The exact text form of a decimal.</summary>
    public static string FormatDecimal(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses <see cref="FormatDate"/> text.</summary>
    public static DateOnly ParseDate(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // The stored form is fixed; reading it by position is several times faster than the general parser.
        if (text.Length == 10 && text[4] == '-' && text[7] == '-'
            && TryDigits(text, 0, 4, out var year) && TryDigits(text, 5, 2, out var month) && TryDigits(text, 8, 2, out var day))
        {
            return new DateOnly(year, month, day);
        }
        return DateOnly.ParseExact(text, DateFormat, CultureInfo.InvariantCulture);
    }

    /// <summary>Parses <see cref="FormatTime"/> text (shorter forms such as <c>HH:mm:ss</c> too).</summary>
    public static TimeOnly ParseTime(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 16 && TryClock(text, 0, out var ticks))
        {
            return new TimeOnly(ticks);
        }
        return TimeOnly.Parse(text, CultureInfo.InvariantCulture);
    }

    /// <summary>Parses <see cref="FormatDateTime"/> text (any ISO-8601 form too) into an instant with offset zero.</summary>
    public static DateTimeOffset ParseDateTime(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // Read in place: this runs for every stored instant, and a substring per value is most of its cost.
        if (text.Length == 28 && text[4] == '-' && text[7] == '-' && text[10] == 'T' && text[27] == 'Z'
            && TryDigits(text, 0, 4, out var year) && TryDigits(text, 5, 2, out var month) && TryDigits(text, 8, 2, out var day)
            && TryClock(text, 11, out var ticks))
        {
            return new DateTimeOffset(new DateOnly(year, month, day).DayNumber * TimeSpan.TicksPerDay + ticks, TimeSpan.Zero);
        }
        return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
    }

    // HH:mm:ss.fffffff at offset, as ticks since midnight.
    private static bool TryClock(string text, int offset, out long ticks)
    {
        ticks = 0;
        if (text[offset + 2] != ':' || text[offset + 5] != ':' || text[offset + 8] != '.'
            || !TryDigits(text, offset, 2, out var hour) || !TryDigits(text, offset + 3, 2, out var minute)
            || !TryDigits(text, offset + 6, 2, out var second) || !TryDigits(text, offset + 9, 7, out var fraction)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }
        ticks = ((hour * 60L + minute) * 60 + second) * TimeSpan.TicksPerSecond + fraction;
        return true;
    }

    private static bool TryDigits(string text, int start, int count, out int value) =>
        InstantText.TryDigits(text.AsSpan(start, count), out value);

    /// <summary>Parses <see cref="FormatDecimal"/> text.</summary>
    public static decimal ParseDecimal(string text) => decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static void WriteElement(Utf8JsonWriter writer, SqlValueKind kind, object value)
    {
        switch (value)
        {
            case string s: writer.WriteStringValue(s); break;
            case double d: writer.WriteNumberValue(d); break;
            case decimal m: writer.WriteNumberValue(m); break;
            case long l: writer.WriteNumberValue(l); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case DateOnly date: writer.WriteStringValue(FormatDate(date)); break;
            case TimeOnly time: writer.WriteStringValue(FormatTime(time)); break;
            case DateTimeOffset instant: writer.WriteStringValue(FormatDateTime(instant)); break;
            case JsonElement element: element.WriteTo(writer); break;
            default: throw new InvalidOperationException($"No JSON form for {kind}.");
        }
    }

    private static string Describe(SqlValueKind kind) => kind switch
    {
        SqlValueKind.Text => "text",
        SqlValueKind.Integer => "integer",
        SqlValueKind.Real => "number",
        SqlValueKind.Decimal => "decimal",
        SqlValueKind.Boolean => "boolean",
        SqlValueKind.Date => "date (DateOnly)",
        SqlValueKind.Time => "time (TimeOnly)",
        SqlValueKind.DateTime => "datetime (DateTimeOffset)",
        SqlValueKind.Json => "JSON (JsonElement)",
        SqlValueKind.RealArray => "vector (float[])",
        _ => kind.ToString(),
    };
}
