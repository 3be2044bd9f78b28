using System.Globalization;
using System.Text.Json;

namespace ObjectQL.Values;

public static partial class CanonicalValues
{
    /// <summary>
    /// Converts a JSON value to the canonical value of <paramref name="shape"/>'s field by its kind, exactly: a number
    /// becomes a <see cref="double"/>, <see cref="decimal"/> or <see cref="long"/> only when that type holds its exact
    /// digits (<c>9007199254740993</c> is no number-field value, <c>12345678901234567.89</c> stays exact as currency,
    /// <c>1e400</c> fits nothing); text, dates, times and date-times are parsed strictly by kind. Never rounds silently.
    /// </summary>
    /// <exception cref="ObjectQLException"><see cref="ErrorCodes.InvalidRequest"/> naming the field, with reason
    /// <c>invalid_type</c>, <c>number_out_of_range</c> or <c>number_not_exact</c>, when the value does not fit.</exception>
    public static object? FromJson(FieldShape shape, JsonElement value)
    {
        if (TryConvert(shape, value, out var result, out var error))
        {
            return result;
        }
        throw ObjectQLException.InvalidRequest($"Field '{shape.Name}': {error}.", shape.Name, ReasonOf(shape, value));
    }

    /// <summary>The JSON form of a canonical value (<see cref="WriteJson"/>) as a self-contained element.</summary>
    public static JsonElement ToJsonElement(object? value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteJson(writer, value);
        }
        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        return JsonElement.ParseValue(ref reader);
    }

    private static bool IsNumeric(ValueKind kind) => kind is ValueKind.Number or ValueKind.Decimal or ValueKind.Integer;

    // A JSON number converts only when the target type holds its exact digits: compared by canonical number text
    // (CanonicalJson.Number), so 1, 1.0 and 1e0 fit every numeric kind and nothing passes through a rounding double.
    private static object? FromJsonNumber(ValueKind kind, JsonElement number, out string? error, out string? reason)
    {
        if (AsSent(kind, number) is { } exact)
        {
            error = reason = null;
            return exact;
        }
        var raw = number.GetRawText();
        var canonical = CanonicalJson.Number(raw);
        object? result = kind switch
        {
            ValueKind.Number => double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
                && CanonicalJson.Number(d.ToString("R", CultureInfo.InvariantCulture)) == canonical ? d : null,
            ValueKind.Decimal => number.TryGetDecimal(out var m)
                && CanonicalJson.Number(m.ToString(CultureInfo.InvariantCulture)) == canonical ? m : null,
            _ => long.TryParse(canonical, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l : null,
        };
        if (result is not null)
        {
            error = reason = null;
            return result;
        }
        var shown = raw.Length > 40 ? raw[..40] + "..." : raw;
        var magnitude = double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var approximate) ? Math.Abs(approximate) : double.PositiveInfinity;
        var (outOfRange, holds) = kind switch
        {
            ValueKind.Number => (!double.IsFinite(magnitude) || (magnitude == 0 && canonical != "0"), "a double (magnitudes up to about 1.8e308, 15-17 significant digits)"),
            ValueKind.Decimal => (magnitude >= 7.9e28 || (magnitude < 1e-28 && canonical != "0"), "a decimal (up to 28-29 significant digits, magnitudes below 7.9e28)"),
            _ => (!canonical.Contains('.', StringComparison.Ordinal) && !canonical.Contains("e-", StringComparison.Ordinal), "a 64-bit whole number"),
        };
        reason = outOfRange ? "number_out_of_range" : kind == ValueKind.Integer ? "invalid_type" : "number_not_exact";
        error = outOfRange
            ? $"the number {shown} is out of the range of {Describe(kind)}, which is {holds}"
            : kind == ValueKind.Integer
                ? $"expected {Describe(kind)} but got {shown}"
                : $"the number {shown} would be rounded: {Describe(kind)} is {holds}; send a value it holds exactly";
        return null;
    }

    // The common case, without the texts the rule above compares: an integer literal for a whole-number field, or for a
    // number field the shortest round-trip text of the double it parses to. Either is its own canonical number, so the
    // rule gives the same value; any other spelling goes through the rule.
    private static object? AsSent(ValueKind kind, JsonElement number)
    {
        switch (kind)
        {
            case ValueKind.Integer:
                return number.TryGetInt64(out var whole) ? whole : null;
            case ValueKind.Number:
                Span<byte> shortest = stackalloc byte[32];
                return number.TryGetDouble(out var value) && double.IsFinite(value)
                    && value.TryFormat(shortest, out var written, "R", CultureInfo.InvariantCulture)
                    && shortest[..written].SequenceEqual(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(number))
                    ? value
                    : null;
            default:
                return null;
        }
    }

    private static string ReasonOf(FieldShape shape, JsonElement value)
    {
        var items = shape.Multiple && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToArray() : [value];
        foreach (var item in items)
        {
            if (item.ValueKind == JsonValueKind.Number && IsNumeric(shape.Kind) && FromJsonNumber(shape.Kind, item, out _, out var reason) is null)
            {
                return reason!;
            }
        }
        return "invalid_type";
    }
}
