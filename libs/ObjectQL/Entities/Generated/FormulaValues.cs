using System.ComponentModel;

namespace ObjectQL.Entities.Generated;

/// <summary>
/// The operations of compiled formula expressions (docs/computed-fields.md). Blank (null) operands follow SQL:
/// arithmetic and comparisons with a blank give blank, AND/OR are three-valued, concatenation reads blank as empty.
/// Called by generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class FormulaValues
{
    /// <summary>A number field of a record, or null when it is absent or blank.</summary>
    public static double? Number(Record record, string field) =>
        Read(record, field) is { } value ? FieldValues.ToNumber(value, field) : null;

    /// <summary>A text field of a record (a select's option value, a lookup's id), or null.</summary>
    public static string? Text(Record record, string field) =>
        Read(record, field) is { } value ? FieldValues.ToText(value, field) : null;

    /// <summary>A boolean field of a record, or null.</summary>
    public static bool? Boolean(Record record, string field) =>
        Read(record, field) is { } value ? FieldValues.ToBoolean(value, field) : null;

    /// <summary>A date field of a record, or null.</summary>
    public static DateOnly? Date(Record record, string field) =>
        Read(record, field) is { } value ? FieldValues.ToDate(value, field) : null;

    /// <summary>A date-time field of a record, or null.</summary>
    public static DateTimeOffset? DateTime(Record record, string field) =>
        Read(record, field) is { } value ? FieldValues.ToDateTime(value, field) : null;

    /// <summary>A computed number as stored in records: null for NaN and infinities, which no store or JSON holds.</summary>
    public static double? Finite(double? value) => value is { } d && double.IsFinite(d) ? d : null;

    /// <summary>A computed number as a currency value: null when it is not finite or out of the decimal range.</summary>
    public static decimal? Currency(double? value) =>
        value is { } d && double.IsFinite(d) && Math.Abs(d) < 7.9e28 ? (decimal)d : null;

    /// <summary><c>a / b</c>; blank when <paramref name="b"/> is zero, as SQL's <c>a / NULLIF(b, 0)</c>.</summary>
    public static double? Divide(double? a, double? b) => b is 0 or null || a is null ? null : a / b;

    /// <summary><c>a &amp; b</c>: text concatenation reading blank as empty.</summary>
    public static string Concat(string? a, string? b) => string.Concat(a, b);

    /// <summary><c>a = b</c> on values, blank when either is blank.</summary>
    public static bool? Equal<T>(T? a, T? b) where T : struct, IEquatable<T> => a is { } x && b is { } y ? x.Equals(y) : null;

    /// <summary><c>a = b</c> on text (ordinal), blank when either is blank.</summary>
    public static bool? Equal(string? a, string? b) => a is null || b is null ? null : string.Equals(a, b, StringComparison.Ordinal);

    /// <summary>Compares two values: the sign of <c>a - b</c>, or null when either is blank.</summary>
    public static int? Compare<T>(T? a, T? b) where T : struct, IComparable<T> => a is { } x && b is { } y ? x.CompareTo(y) : null;

    /// <summary>Compares two texts ordinally, or null when either is blank.</summary>
    public static int? Compare(string? a, string? b) => a is null || b is null ? null : string.CompareOrdinal(a, b);

    /// <summary><c>ISBLANK</c> of text: null or empty.</summary>
    public static bool IsBlank(string? value) => string.IsNullOrEmpty(value);

    /// <summary><c>BLANKVALUE</c> of text: <paramref name="fallback"/> when <paramref name="value"/> is null or empty.</summary>
    public static string? BlankValue(string? value, string? fallback) => string.IsNullOrEmpty(value) ? fallback : value;

    /// <summary><c>LEN</c>: the number of characters (Unicode scalar values), zero for blank.</summary>
    public static double Len(string? value)
    {
        if (value is null)
        {
            return 0;
        }
        var count = 0;
        foreach (var _ in value.EnumerateRunes())
        {
            count++;
        }
        return count;
    }

    /// <summary><c>ABS</c>: the absolute value, blank for blank.</summary>
    public static double? Abs(double? value) => value is { } v ? Math.Abs(v) : null;

    /// <summary><c>ROUND</c>: half away from zero to <paramref name="digits"/> decimals (0 to 15).</summary>
    public static double? Round(double? value, double? digits) =>
        value is { } v && digits is { } d && double.IsFinite(v) ? Math.Round(v, (int)Math.Clamp(d, 0, 15), MidpointRounding.AwayFromZero) : null;

    /// <summary>A date moved by whole days (the fraction of <paramref name="days"/> is dropped); null out of range.</summary>
    public static DateOnly? AddDays(DateOnly? date, double? days)
    {
        if (date is not { } d || days is not { } n || !double.IsFinite(n) || Math.Abs(n) > 3_000_000)
        {
            return null;
        }
        var day = d.DayNumber + (long)Math.Truncate(n);
        return day >= DateOnly.MinValue.DayNumber && day <= DateOnly.MaxValue.DayNumber ? DateOnly.FromDayNumber((int)day) : null;
    }

    /// <summary>A date-time moved by (fractional) days; null out of range.</summary>
    public static DateTimeOffset? AddDays(DateTimeOffset? time, double? days)
    {
        if (time is not { } t || days is not { } n || !double.IsFinite(n))
        {
            return null;
        }
        var ticks = n * TimeSpan.TicksPerDay;
        return ticks > DateTimeOffset.MaxValue.UtcTicks - t.UtcTicks || ticks < DateTimeOffset.MinValue.UtcTicks - t.UtcTicks
            ? null
            : t.AddTicks((long)ticks);
    }

    /// <summary>The days from <paramref name="b"/> to <paramref name="a"/>.</summary>
    public static double? DaysBetween(DateOnly? a, DateOnly? b) => a is { } x && b is { } y ? x.DayNumber - y.DayNumber : null;

    /// <summary>The (fractional) days from <paramref name="b"/> to <paramref name="a"/>.</summary>
    public static double? DaysBetween(DateTimeOffset? a, DateTimeOffset? b) => a is { } x && b is { } y ? (x - y).TotalDays : null;

    private static object? Read(Record record, string field)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.TryGetValue(field, out var value) ? value : null;
    }
}
