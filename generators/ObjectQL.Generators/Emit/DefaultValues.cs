using System.Globalization;
using System.Text;
using ObjectQL.Generators.Models;

namespace ObjectQL.Generators.Emit;

/// <summary>C# expressions for a field's <c>defaultValue</c>: typed for property initializers, canonical for the definition.</summary>
internal static class DefaultValues
{
    private const string Invariant = "global::System.Globalization.CultureInfo.InvariantCulture";

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
        switch (FieldShape.EffectiveType(field))
        {
            case "number": case "percent": case "summary":
                return Literals.Double(ParseDouble(value.Text));
            case "currency":
                return Literals.Decimal(value.Text);
            case "boolean":
                return value.Text == "true" ? "true" : "false";
            case "date":
                return $"global::System.DateOnly.ParseExact({Literals.String(value.Text)}, \"yyyy-MM-dd\", {Invariant})";
            case "datetime":
                return $"global::System.DateTimeOffset.Parse({Literals.String(value.Text)}, {Invariant})";
            case "time":
                return $"global::System.TimeOnly.Parse({Literals.String(value.Text)}, {Invariant})";
            default:
                return Literals.String(value.Text);
        }
    }

    private static double ParseDouble(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
