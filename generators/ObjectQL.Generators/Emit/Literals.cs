using System.Globalization;
using System.Text;
using ObjectQL.Generators.Models;

namespace ObjectQL.Generators.Emit;

/// <summary>C# literals for model values, always in the invariant culture.</summary>
internal static class Literals
{
    public static string String(string? value)
    {
        if (value is null)
        {
            return "null";
        }
        var builder = new StringBuilder(value.Length + 2);
        builder.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\0': builder.Append("\\0"); break;
                default:
                    if (char.IsControl(c) || c == '\u2028' || c == '\u2029' || char.IsSurrogate(c))
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }
                    break;
            }
        }
        return builder.Append('"').ToString();
    }

    public static string Bool(bool value) => value ? "true" : "false";

    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Double(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text + "d";
    }

    public static string Decimal(string text) =>
        decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) + "m";

    public static string NullableDouble(double? value) => value is { } v ? Double(v) : "null";

    public static string NullableInt(int? value) => value is { } v ? Int(v) : "null";

    public static string StringList(EquatableArray<string> values)
    {
        if (values.IsEmpty)
        {
            return "global::System.Array.Empty<string>()";
        }
        var builder = new StringBuilder("new string[] { ");
        for (var i = 0; i < values.Count; i++)
        {
            builder.Append(i == 0 ? "" : ", ").Append(String(values[i]));
        }
        return builder.Append(" }").ToString();
    }

    /// <summary>A literal as an untyped value: strings, doubles, booleans, null or an object array.</summary>
    public static string Untyped(ValueSpec value)
    {
        switch (value.Kind)
        {
            case ValueKind.Null: return "null";
            case ValueKind.Boolean: return value.Text;
            case ValueKind.Number: return Double(double.Parse(value.Text, NumberStyles.Float, CultureInfo.InvariantCulture));
            case ValueKind.String: return String(value.Text);
            default:
                var builder = new StringBuilder("new object?[] { ");
                for (var i = 0; i < value.Items.Count; i++)
                {
                    builder.Append(i == 0 ? "" : ", ").Append(Untyped(value.Items[i]));
                }
                return builder.Append(" }").ToString();
        }
    }
}
