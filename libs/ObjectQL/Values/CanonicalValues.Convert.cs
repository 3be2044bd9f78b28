using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace ObjectQL.Values;

/// <summary>
/// Conversion, comparison and JSON writing of canonical record values. Every driver, the pipeline and the query
/// readers share these rules, so a value means the same thing everywhere (docs/querying.md, docs/modeling.md).
/// </summary>
public static partial class CanonicalValues
{
    private const long TicksPerMicrosecond = 10;

    /// <summary>
    /// Converts <paramref name="value"/> to the canonical form of one element of <paramref name="kind"/>.
    /// Accepted inputs are the canonical type, the numeric widenings listed in docs/modeling.md, ISO-8601 strings for
    /// dates and times, and <see cref="JsonElement"/>s of the matching JSON type. Null converts to null.
    /// </summary>
    /// <returns>False, with <paramref name="error"/> saying why, when the value does not fit.</returns>
    public static bool TryConvert(ValueKind kind, object? value, out object? result, out string? error)
    {
        result = null;
        error = null;
        if (value is null || value is JsonElement { ValueKind: JsonValueKind.Null })
        {
            return true;
        }
        if (value is JsonElement { ValueKind: JsonValueKind.Number } number && IsNumeric(kind))
        {
            result = FromJsonNumber(kind, number, out error, out _);
            return error is null;
        }
        result = kind switch
        {
            ValueKind.Text => ToText(value),
            ValueKind.Number => ToNumber(value),
            ValueKind.Decimal => ToDecimal(value),
            ValueKind.Boolean => ToBoolean(value),
            ValueKind.Integer => ToInteger(value),
            ValueKind.Date => ToDate(value),
            ValueKind.DateTime => ToDateTime(value),
            ValueKind.Time => ToTime(value),
            ValueKind.Json => ToJson(value),
            ValueKind.Vector => ToVector(value),
            _ => null,
        };
        if (result is null)
        {
            error = value switch
            {
                double or float when !double.IsFinite(System.Convert.ToDouble(value, CultureInfo.InvariantCulture)) =>
                    $"expected {Describe(kind)} but got {DescribeValue(value)}, which is not a finite number and cannot be stored",
                JsonElement { ValueKind: JsonValueKind.String } e when TryGetText(e) is null =>
                    "text must be valid Unicode, but the JSON string holds an unpaired UTF-16 surrogate",
                _ => $"expected {Describe(kind)} but got {DescribeValue(value)}",
            };
            return false;
        }
        error = result switch
        {
            string text => TextProblem(text),
            JsonElement json => JsonTextProblem(json),
            _ => null,
        };
        if (error is not null)
        {
            result = null;
            return false;
        }
        return true;
    }

    /// <summary>
    /// Why <paramref name="text"/> cannot be stored as text, or null when it can: every store keeps valid Unicode
    /// only, so an unpaired UTF-16 surrogate is refused, and so is U+0000 (NUL), which PostgreSQL cannot store.
    /// </summary>
    public static string? TextProblem(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var span = text.AsSpan();
        var nul = span.IndexOf('\0');
        var at = IndexOfUnpairedSurrogate(span);
        if (at >= 0 && (nul < 0 || at < nul))
        {
            return $"text must be valid Unicode, but it holds an unpaired UTF-16 surrogate (U+{(int)span[at]:X4}) at position {at}";
        }
        return nul < 0 ? null : $"text may not contain the NUL character (U+0000), found at position {nul}";
    }

    /// <summary>The position of the first UTF-16 surrogate in <paramref name="text"/> that is not half of a pair, or -1 when the text is valid Unicode.</summary>
    public static int IndexOfUnpairedSurrogate(ReadOnlySpan<char> text)
    {
        var at = text.IndexOfAnyInRange('\uD800', '\uDFFF');
        while (at >= 0)
        {
            if (!char.IsHighSurrogate(text[at]) || at + 1 >= text.Length || !char.IsLowSurrogate(text[at + 1]))
            {
                return at;
            }
            var next = text[(at + 2)..].IndexOfAnyInRange('\uD800', '\uDFFF');
            at = next < 0 ? -1 : at + 2 + next;
        }
        return -1;
    }

    // The text inside a JSON value (names and strings) follows the rules of TextProblem; walked without recursion.
    private static string? JsonTextProblem(JsonElement json)
    {
        var pending = new Stack<JsonElement>();
        pending.Push(json);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            switch (node.ValueKind)
            {
                case JsonValueKind.String:
                    if (TryGetText(node) is not { } text)
                    {
                        return "text must be valid Unicode, but a JSON string holds an unpaired UTF-16 surrogate";
                    }
                    if (TextProblem(text) is { } problem)
                    {
                        return problem;
                    }
                    break;
                case JsonValueKind.Object:
                    foreach (var property in node.EnumerateObject())
                    {
                        pending.Push(property.Value);
                        if (TryGetName(property) is not { } name || TextProblem(name) is not null)
                        {
                            return "text must be valid Unicode without NUL characters, but a JSON property name is not";
                        }
                    }
                    break;
                case JsonValueKind.Array:
                    foreach (var item in node.EnumerateArray())
                    {
                        pending.Push(item);
                    }
                    break;
            }
        }
        return null;
    }

    // GetString throws for an escaped lone surrogate ("\ud800"), which is valid JSON but not valid text.
    private static string? TryGetText(JsonElement element)
    {
        try
        {
            return element.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static string? TryGetName(JsonProperty property)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>
    /// Converts a field value: a list of <paramref name="shape"/>'s kind for multi-valued fields (as a typed array),
    /// otherwise one element. Lists may not hold nulls.
    /// </summary>
    public static bool TryConvert(FieldShape shape, object? value, out object? result, out string? error)
    {
        if (!shape.Multiple || value is null || value is JsonElement { ValueKind: JsonValueKind.Null })
        {
            return TryConvert(shape.Kind, value, out result, out error);
        }
        result = null;
        IEnumerable? items = value switch
        {
            JsonElement { ValueKind: JsonValueKind.Array } array => array.EnumerateArray().Select(static e => (object)e),
            string => null,
            IEnumerable enumerable => enumerable,
            _ => null,
        };
        if (items is null)
        {
            error = $"expected a list of {Describe(shape.Kind)} but got {DescribeValue(value)}";
            return false;
        }
        var converted = new List<object>();
        foreach (var item in items)
        {
            if (!TryConvert(shape.Kind, item, out var element, out error))
            {
                return false;
            }
            if (element is null)
            {
                error = "a list may not contain null";
                return false;
            }
            converted.Add(element);
        }
        result = ToTypedArray(shape.Kind, converted);
        error = null;
        return true;
    }

    /// <summary>Truncates a date-time to whole microseconds, the finest precision every store keeps.</summary>
    public static DateTimeOffset TruncateToMicroseconds(DateTimeOffset value) =>
        new(value.Ticks - (value.Ticks % TicksPerMicrosecond), value.Offset);

    /// <summary>Truncates a time of day to whole microseconds.</summary>
    public static TimeOnly TruncateToMicroseconds(TimeOnly value) =>
        new(value.Ticks - (value.Ticks % TicksPerMicrosecond));

    /// <summary>A deep copy of a canonical value: arrays and lists are copied, JSON detached from its document, immutable values returned as they are.</summary>
    public static object? DeepCopy(object? value) => value switch
    {
        null or string => value,
        // A JSON value may point into a document its owner disposes; a stored copy must not.
        System.Text.Json.JsonElement element => element.Clone(),
        float[] vector => vector.ToArray(),
        Array array => array.Clone(),
        IList list when value is not string => list.Cast<object?>().Select(DeepCopy).ToList(),
        _ => value,
    };

    private static object ToTypedArray(ValueKind kind, List<object> items) => kind switch
    {
        ValueKind.Text => items.Cast<string>().ToArray(),
        ValueKind.Number => items.Cast<double>().ToArray(),
        ValueKind.Decimal => items.Cast<decimal>().ToArray(),
        ValueKind.Boolean => items.Cast<bool>().ToArray(),
        ValueKind.Integer => items.Cast<long>().ToArray(),
        ValueKind.Date => items.Cast<DateOnly>().ToArray(),
        ValueKind.DateTime => items.Cast<DateTimeOffset>().ToArray(),
        ValueKind.Time => items.Cast<TimeOnly>().ToArray(),
        ValueKind.Json => items.Cast<JsonElement>().ToArray(),
        _ => items.ToArray(),
    };

    private static string? ToText(object value) => value switch
    {
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } e => TryGetText(e),
        _ => null,
    };

    private static object? ToNumber(object value)
    {
        if (value is double canonical)
        {
            // Already canonical: keep the caller's box instead of boxing the same number again.
            return double.IsFinite(canonical) ? value : null;
        }
        double? d = value switch
        {
            double x => x,
            float x => x,
            int x => x,
            long x => x,
            short x => x,
            byte x => x,
            decimal x => (double)x,
            JsonElement { ValueKind: JsonValueKind.Number } e => FromJsonNumber(ValueKind.Number, e, out _, out _) as double?,
            _ => null,
        };
        return d is { } n && double.IsFinite(n) ? n : null;
    }

    private static object? ToDecimal(object value)
    {
        try
        {
            return value switch
            {
                decimal x => x,
                int x => (decimal)x,
                long x => (decimal)x,
                short x => (decimal)x,
                byte x => (decimal)x,
                double x when double.IsFinite(x) => (decimal)x,
                float x when float.IsFinite(x) => (decimal)x,
                _ => null,
            };
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static object? ToBoolean(object value) => value switch
    {
        bool b => b,
        JsonElement { ValueKind: JsonValueKind.True } => true,
        JsonElement { ValueKind: JsonValueKind.False } => false,
        _ => null,
    };

    private static object? ToInteger(object value) => value switch
    {
        long x => x,
        int x => (long)x,
        short x => (long)x,
        byte x => (long)x,
        _ => null,
    };

    private static object? ToDate(object value) => value switch
    {
        DateOnly d => d,
        string s => ParseDate(s),
        JsonElement { ValueKind: JsonValueKind.String } e when TryGetText(e) is { } text => ParseDate(text),
        _ => null,
    };

    private static object? ParseDate(string s) =>
        DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    private static object? ToDateTime(object value) => value switch
    {
        DateTimeOffset d => TruncateToMicroseconds(d),
        DateTime { Kind: DateTimeKind.Utc } d => TruncateToMicroseconds(new DateTimeOffset(d)),
        string s => ParseDateTime(s),
        JsonElement { ValueKind: JsonValueKind.String } e when TryGetText(e) is { } text => ParseDateTime(text),
        _ => null,
    };

    private static object? ParseDateTime(string s)
    {
        // An instant needs its offset: a string without 'Z' or '+hh:mm' would be read in the server's zone.
        if (s.Length < 11 || !(s.EndsWith('Z') || s.EndsWith('z') || HasOffsetSuffix(s)) || !s.Contains('T', StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        return DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? TruncateToMicroseconds(d)
            : null;
    }

    private static bool HasOffsetSuffix(string s) =>
        s.Length >= 6 && s[^3] == ':' && (s[^6] == '+' || s[^6] == '-');

    private static object? ToTime(object value) => value switch
    {
        TimeOnly t => TruncateToMicroseconds(t),
        string s => ParseTime(s),
        JsonElement { ValueKind: JsonValueKind.String } e when TryGetText(e) is { } text => ParseTime(text),
        _ => null,
    };

    private static object? ParseTime(string s)
    {
        string[] formats = ["HH:mm", "HH:mm:ss", "HH:mm:ss.FFFFFFF"];
        return TimeOnly.TryParseExact(s, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
            ? TruncateToMicroseconds(t)
            : null;
    }

    private static object? ToJson(object value) => value switch
    {
        JsonElement e when e.ValueKind != JsonValueKind.Undefined => e.Clone(),
        JsonDocument d => d.RootElement.Clone(),
        _ => null,
    };

    private static object? ToVector(object value)
    {
        switch (value)
        {
            case float[] floats:
                return floats.All(float.IsFinite) ? floats.ToArray() : null;
            case double[] doubles:
                return doubles.All(double.IsFinite) ? doubles.Select(static d => (float)d).ToArray() : null;
            case JsonElement { ValueKind: JsonValueKind.Array } array:
                var result = new float[array.GetArrayLength()];
                var i = 0;
                foreach (var item in array.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.Number || !float.IsFinite(item.GetSingle()))
                    {
                        return null;
                    }
                    result[i++] = item.GetSingle();
                }
                return result;
            case IEnumerable enumerable and not string:
                var list = new List<float>();
                foreach (var item in enumerable)
                {
                    if (item is null || ToNumber(item) is not double d)
                    {
                        return null;
                    }
                    list.Add((float)d);
                }
                return list.ToArray();
            default:
                return null;
        }
    }

    /// <summary>A short name of the kind, for messages.</summary>
    public static string Describe(ValueKind kind) => kind switch
    {
        ValueKind.Text => "text",
        ValueKind.Number => "a number",
        ValueKind.Decimal => "a decimal number",
        ValueKind.Boolean => "true or false",
        ValueKind.Integer => "an integer",
        ValueKind.Date => "a date (yyyy-MM-dd)",
        ValueKind.DateTime => "a date-time with offset (ISO 8601)",
        ValueKind.Time => "a time of day (HH:mm:ss)",
        ValueKind.Json => "a JSON value",
        ValueKind.Vector => "an array of numbers",
        _ => kind.ToString(),
    };

    private static string DescribeValue(object value) => value switch
    {
        JsonElement e => $"JSON {e.ValueKind.ToString().ToLowerInvariant()}",
        double d when double.IsNaN(d) => "NaN (not a number)",
        float f when float.IsNaN(f) => "NaN (not a number)",
        double or float => $"{(System.Convert.ToDouble(value, CultureInfo.InvariantCulture) > 0 ? "positive" : "negative")} infinity",
        string s => $"text \"{(s.Length > 40 ? s[..40] + "..." : s)}\"",
        _ => value.GetType().Name,
    };
}
