using System;
using System.Globalization;
using System.Text;
using ObjectQL.Generators.Models;

namespace ObjectQL.Generators.Emit;

/// <summary>C# expressions for a field's <c>defaultValue</c>: typed for property initializers, canonical for the definition.</summary>
internal static class DefaultValues
{
    public static string Typed(FieldShape shape, ValueSpec value, string ns)
    {
        if (value.Kind != ValueKind.List)
        {
            return Single(shape, value, ns, canonical: false);
        }
        var builder = new StringBuilder($"new {shape.ElementType}[] {{ ");
        for (var i = 0; i < value.Items.Count; i++)
        {
            builder.Append(i == 0 ? "" : ", ").Append(Single(shape, value.Items[i], ns, canonical: false));
        }
        return builder.Append(" }").ToString();
    }

    public static string Canonical(FieldShape shape, ValueSpec value, string ns)
    {
        if (value.Kind != ValueKind.List)
        {
            return Single(shape, value, ns, canonical: true);
        }
        var builder = new StringBuilder("new object?[] { ");
        for (var i = 0; i < value.Items.Count; i++)
        {
            builder.Append(i == 0 ? "" : ", ").Append(Single(shape, value.Items[i], ns, canonical: true));
        }
        return builder.Append(" }").ToString();
    }

    private static string Single(FieldShape shape, ValueSpec value, string ns, bool canonical)
    {
        var field = shape.Field;
        if (field.Type == "select")
        {
            foreach (var option in field.Options)
            {
                if (option.Value == value.Text)
                {
                    if (canonical)
                    {
                        return option.IsNumber ? Literals.Double(ParseDouble(option.Value)) : Literals.String(option.Value);
                    }
                    return $"global::{ns}.{field.EnumName}.{option.MemberName}";
                }
            }
        }
        switch (shape.Kind)
        {
            case Values.ValueKind.Number:
                return Literals.Double(ParseDouble(value.Text));
            case Values.ValueKind.Decimal:
                return Literals.Decimal(value.Text);
            case Values.ValueKind.Boolean:
                return value.Text == "true" ? "true" : "false";
            // Dates and times are parsed here, once, not by every new entity; the parser accepted these forms only.
            case Values.ValueKind.Date:
                var date = DateTime.ParseExact(value.Text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None);
                return $"new global::System.DateOnly({Literals.Int(date.Year)}, {Literals.Int(date.Month)}, {Literals.Int(date.Day)})";
            case Values.ValueKind.DateTime:
                var instant = DateTimeOffset.Parse(value.Text, CultureInfo.InvariantCulture, DateTimeStyles.None);
                return $"new global::System.DateTimeOffset({Ticks(instant.Ticks)}, global::System.TimeSpan.FromTicks({Ticks(instant.Offset.Ticks)})) /* {value.Text} */";
            case Values.ValueKind.Time:
                var time = TimeSpan.ParseExact(value.Text, TimeFormats, CultureInfo.InvariantCulture);
                return $"new global::System.TimeOnly({Ticks(time.Ticks)}) /* {value.Text} */";
            default:
                return Literals.String(value.Text);
        }
    }

    private static readonly string[] TimeFormats = { @"hh\:mm", @"hh\:mm\:ss", @"hh\:mm\:ss\.FFFFFFF" };

    private static double ParseDouble(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string Ticks(long ticks) => ticks.ToString(CultureInfo.InvariantCulture) + "L";
}
