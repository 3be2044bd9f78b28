using System.ComponentModel;
using System.Globalization;
using System.Text.Json;

namespace ObjectQL.Entities.Generated;

/// <summary>
/// Conversions from canonical record values (docs/modeling.md) to entity property types, used by generated
/// <c>SetField</c>/<c>FromRecord</c> code. A value of the wrong type throws <see cref="ErrorCodes.InvalidRequest"/> naming the field.
/// Called by generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class FieldValues
{
    /// <summary>A text value.</summary>
    public static string ToText(object? value, string field) =>
        value as string ?? throw WrongType(field, "text", value);

    /// <summary>A floating-point number; any .NET number is accepted.</summary>
    public static double ToNumber(object? value, string field) => value switch
    {
        double d => d,
        float f => f,
        int i => i,
        long l => l,
        short s => s,
        byte b => b,
        decimal m => (double)m,
        _ => throw WrongType(field, "a number", value),
    };

    /// <summary>An exact decimal; whole numbers and finite doubles are accepted.</summary>
    public static decimal ToDecimal(object? value, string field)
    {
        try
        {
            return value switch
            {
                decimal m => m,
                int i => i,
                long l => l,
                double d when double.IsFinite(d) => (decimal)d,
                float f when float.IsFinite(f) => (decimal)f,
                _ => throw WrongType(field, "a decimal number", value),
            };
        }
        catch (OverflowException)
        {
            throw WrongType(field, "a decimal number in range", value);
        }
    }

    /// <summary>A boolean.</summary>
    public static bool ToBoolean(object? value, string field) =>
        value is bool b ? b : throw WrongType(field, "true or false", value);

    /// <summary>A whole number such as the record version.</summary>
    public static long ToInteger(object? value, string field) => value switch
    {
        long l => l,
        int i => i,
        short s => s,
        byte b => b,
        double d when d == Math.Floor(d) && d >= long.MinValue && d <= long.MaxValue => (long)d,
        _ => throw WrongType(field, "a whole number", value),
    };

    /// <summary>A date; a <see cref="DateTime"/> keeps its date part and ISO text <c>yyyy-MM-dd</c> is parsed.</summary>
    public static DateOnly ToDate(object? value, string field) => value switch
    {
        DateOnly d => d,
        DateTime dt => DateOnly.FromDateTime(dt),
        string s when DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) => d,
        _ => throw WrongType(field, "a date (yyyy-MM-dd)", value),
    };

    /// <summary>An instant with its offset; a <see cref="DateTime"/> and ISO-8601 text are accepted.</summary>
    public static DateTimeOffset ToDateTime(object? value, string field) => value switch
    {
        DateTimeOffset d => d,
        DateTime dt => new DateTimeOffset(dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt),
        string s when DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) => d,
        _ => throw WrongType(field, "a date and time (ISO-8601)", value),
    };

    /// <summary>A time of day; a <see cref="TimeSpan"/> under a day and text <c>HH:mm[:ss[.fffffff]]</c> are accepted.</summary>
    public static TimeOnly ToTime(object? value, string field) => value switch
    {
        TimeOnly t => t,
        TimeSpan span when span >= TimeSpan.Zero && span < TimeSpan.FromDays(1) => TimeOnly.FromTimeSpan(span),
        string s when TimeOnly.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) => t,
        _ => throw WrongType(field, "a time of day", value),
    };

    /// <summary>A JSON value.</summary>
    public static JsonElement ToJson(object? value, string field) => value switch
    {
        JsonElement e => e,
        JsonDocument doc => doc.RootElement.Clone(),
        _ => throw WrongType(field, "a JSON value", value),
    };

    /// <summary>A vector; arrays and lists of numbers and JSON arrays of numbers are accepted.</summary>
    public static float[] ToVector(object? value, string field)
    {
        switch (value)
        {
            case float[] floats:
                return floats;
            case JsonElement { ValueKind: JsonValueKind.Array } array:
                var fromJson = new float[array.GetArrayLength()];
                var i = 0;
                foreach (var item in array.EnumerateArray())
                {
                    fromJson[i++] = item.ValueKind == JsonValueKind.Number ? item.GetSingle() : throw WrongType(field, "a vector of numbers", value);
                }
                return fromJson;
            case System.Collections.IEnumerable items and not string:
                var list = new List<float>();
                foreach (var item in items)
                {
                    list.Add((float)ToNumber(item, field));
                }
                return list.ToArray();
            default:
                throw WrongType(field, "a vector of numbers", value);
        }
    }

    /// <summary>A list (for <c>multiple: true</c> fields), converting each item with <paramref name="convert"/>.</summary>
    public static IReadOnlyList<T> ToList<T>(object? value, string field, Func<object?, string, T> convert)
    {
        ArgumentNullException.ThrowIfNull(convert);
        if (value is IReadOnlyList<T> typed)
        {
            return typed;
        }
        if (value is JsonElement { ValueKind: JsonValueKind.Array } array)
        {
            var fromJson = new List<T>();
            foreach (var item in array.EnumerateArray())
            {
                fromJson.Add(convert(EntityJson.ToCanonical(item), field));
            }
            return fromJson;
        }
        if (value is not System.Collections.IEnumerable items || value is string)
        {
            throw WrongType(field, "a list", value);
        }
        var list = new List<T>();
        foreach (var item in items)
        {
            list.Add(convert(item, field));
        }
        return list;
    }

    /// <summary>The canonical record form of a list: an <see cref="object"/> array of canonical items.</summary>
    public static object?[] FromList<T>(IReadOnlyList<T> list, Func<T, object?> convert)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(convert);
        var values = new object?[list.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = convert(list[i]);
        }
        return values;
    }

    /// <summary>The error for a null given to a field that needs a value.</summary>
    public static ObjectQLException NullNotAllowed(string field) =>
        ObjectQLException.InvalidRequest($"Field '{field}' needs a value; null is not allowed.", field, "required");

    /// <summary>The error for a value that is not one of a select field's options.</summary>
    public static ObjectQLException NotAnOption(string field, object? value) =>
        ObjectQLException.InvalidRequest($"'{Describe(value)}' is not an option of field '{field}'.", field, "invalid_option");

    /// <summary>The error for a name that is not a field of the object.</summary>
    public static ObjectQLException UnknownField(string objectName, string field) =>
        ObjectQLException.InvalidRequest($"Object '{objectName}' has no field '{field}'.", field, "unknown_field");

    /// <summary>The error for a value of the wrong type.</summary>
    public static ObjectQLException WrongType(string field, string expected, object? value) =>
        ObjectQLException.InvalidRequest(
            $"Field '{field}' expects {expected}, not {(value is null ? "null" : $"{value.GetType().Name} '{Describe(value)}'")}.",
            field, "invalid_type");

    private static string Describe(object? value) => value switch
    {
        null => "null",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
