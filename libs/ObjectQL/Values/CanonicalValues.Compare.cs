using System.Collections;
using System.Text.Json;

namespace ObjectQL.Values;

public static partial class CanonicalValues
{
    /// <summary>Compares canonical values in the one order every driver follows.</summary>
    public static IComparer<object?> Comparer { get; } = new OrderComparer();

    /// <summary>Value equality of canonical values (numbers by value, date-times by instant, JSON structurally, lists element-wise).</summary>
    public static IEqualityComparer<object?> EqualityComparer { get; } = new ValueEqualityComparer();

    /// <summary>
    /// Orders two canonical values: null first; numbers by value; text by Unicode code point (the order of UTF-8 bytes,
    /// which SQL's binary collations reproduce); false before true; dates, times and date-times by instant.
    /// </summary>
    public static int Compare(object? left, object? right)
    {
        if (left is null)
        {
            return right is null ? 0 : -1;
        }
        if (right is null)
        {
            return 1;
        }
        switch (left, right)
        {
            case (string a, string b):
                return CompareText(a, b);
            case (double a, double b):
                return a.CompareTo(b);
            case (decimal a, decimal b):
                return a.CompareTo(b);
            case (long a, long b):
                return a.CompareTo(b);
            case (bool a, bool b):
                return a.CompareTo(b);
            case (DateOnly a, DateOnly b):
                return a.CompareTo(b);
            case (TimeOnly a, TimeOnly b):
                return a.CompareTo(b);
            case (DateTimeOffset a, DateTimeOffset b):
                return a.UtcTicks.CompareTo(b.UtcTicks);
        }
        if (IsNumber(left) && IsNumber(right))
        {
            return left is double || right is double
                ? Convert.ToDouble(left, System.Globalization.CultureInfo.InvariantCulture).CompareTo(Convert.ToDouble(right, System.Globalization.CultureInfo.InvariantCulture))
                : Convert.ToDecimal(left, System.Globalization.CultureInfo.InvariantCulture).CompareTo(Convert.ToDecimal(right, System.Globalization.CultureInfo.InvariantCulture));
        }
        if (left is JsonElement jl && right is JsonElement jr)
        {
            return CanonicalJson.Compare(jl, jr);
        }
        return CompareText(left.GetType().Name, right.GetType().Name);
    }

    /// <summary>True when two canonical values are equal (see <see cref="EqualityComparer"/>).</summary>
    public new static bool Equals(object? left, object? right)
    {
        if (left is null || right is null)
        {
            return left is null && right is null;
        }
        switch (left, right)
        {
            case (string a, string b):
                return string.Equals(a, b, StringComparison.Ordinal);
            case (DateTimeOffset a, DateTimeOffset b):
                return a.UtcTicks == b.UtcTicks;
            case (JsonElement a, JsonElement b):
                return CanonicalJson.ValueEquals(a, b);
            case (float[] a, float[] b):
                return a.AsSpan().SequenceEqual(b);
        }
        if (IsNumber(left) && IsNumber(right))
        {
            return Compare(left, right) == 0;
        }
        if (left is IEnumerable l && right is IEnumerable r && left is not string && right is not string)
        {
            var le = l.GetEnumerator();
            var re = r.GetEnumerator();
            while (true)
            {
                var lm = le.MoveNext();
                var rm = re.MoveNext();
                if (lm != rm)
                {
                    return false;
                }
                if (!lm)
                {
                    return true;
                }
                if (!Equals(le.Current, re.Current))
                {
                    return false;
                }
            }
        }
        return left.Equals(right);
    }

    /// <summary>A hash code consistent with <see cref="Equals(object?, object?)"/>.</summary>
    public static int GetHashCode(object? value) => value switch
    {
        null => 0,
        string s => StringComparer.Ordinal.GetHashCode(s),
        double or decimal or long or int or float => Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture).GetHashCode(),
        DateTimeOffset d => d.UtcTicks.GetHashCode(),
        JsonElement e => e.ValueKind.GetHashCode(),
        IEnumerable list => list.Cast<object?>().Aggregate(17, static (h, x) => (h * 31) + GetHashCode(x)),
        _ => value.GetHashCode(),
    };

    /// <summary>Compares text by Unicode code point, the order of its UTF-8 bytes.</summary>
    public static int CompareText(string left, string right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        var length = Math.Min(left.Length, right.Length);
        for (var i = 0; i < length; i++)
        {
            int a = left[i];
            int b = right[i];
            if (a == b)
            {
                continue;
            }
            // UTF-16 puts U+E000..U+FFFF after surrogates (supplementary code points); code point order puts them before.
            if (a >= 0xD800 && b >= 0xD800)
            {
                a = a >= 0xE000 ? a - 0x800 : a + 0x2000;
                b = b >= 0xE000 ? b - 0x800 : b + 0x2000;
            }
            return a < b ? -1 : 1;
        }
        return left.Length.CompareTo(right.Length);
    }

    private static bool IsNumber(object value) => value is double or decimal or long or int or float;

    private sealed class OrderComparer : IComparer<object?>
    {
        public int Compare(object? x, object? y) => CanonicalValues.Compare(x, y);
    }

    private sealed class ValueEqualityComparer : IEqualityComparer<object?>
    {
        public new bool Equals(object? x, object? y) => CanonicalValues.Equals(x, y);

        public int GetHashCode(object? obj) => CanonicalValues.GetHashCode(obj);
    }
}
