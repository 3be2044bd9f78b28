using System;
using System.Globalization;
using ObjectQL.Generators.Models;

namespace ObjectQL.Generators.Parsing;

internal sealed partial class ObjectParser
{
    private ValueSpec? ParseDefault(FieldSpec field, YamlNode node)
    {
        var value = _context.Value(node, "defaultValue");
        if (value is null || value.Kind == ValueKind.Null)
        {
            return null;
        }
        if (value.Kind == ValueKind.List)
        {
            if (!field.Multiple)
            {
                _context.Report(DiagnosticIds.InvalidDefaultValue, node.Span, field.Name, "[...]", field.Type + " (a list needs multiple: true)");
                return null;
            }
            for (var i = 0; i < value.Items.Count; i++)
            {
                if (!IsValidDefault(field, value.Items[i], node.Items[i]))
                {
                    return null;
                }
            }
            return value;
        }
        return IsValidDefault(field, value, node) ? value : null;
    }

    private bool IsValidDefault(FieldSpec field, ValueSpec value, YamlNode node)
    {
        if (field.Type == "select")
        {
            foreach (var option in field.Options)
            {
                if (option.Value == value.Text)
                {
                    return true;
                }
            }
            _context.Report(DiagnosticIds.SelectDefaultNotAnOption, node.Span, field.Name, value.Text);
            return false;
        }
        var valid = IsValidDefault(field.Type, value);
        if (!valid)
        {
            _context.Report(DiagnosticIds.InvalidDefaultValue, node.Span, field.Name, value.Text, field.Type);
        }
        return valid;
    }

    internal static bool IsValidDefault(string type, ValueSpec value)
    {
        switch (type)
        {
            case "text": case "textarea": case "markdown": case "html": case "email": case "phone": case "url":
            case "password": case "lookup": case "master_detail":
                return value.Kind is ValueKind.String or ValueKind.Number or ValueKind.Boolean;
            case "number": case "percent":
                return value.Kind == ValueKind.Number;
            case "currency":
                return value.Kind == ValueKind.Number &&
                    decimal.TryParse(value.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
            case "boolean":
                return value.Kind == ValueKind.Boolean;
            case "date":
                return DateTime.TryParseExact(value.Text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
            case "datetime":
                // An instant needs its offset ('Z' or '+hh:mm'), as at run time: without one it would be read in the
                // zone of whichever machine builds or runs the code.
                return DateTimeOffset.TryParse(value.Text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _) &&
                    value.Text.IndexOf('T') > 0 && HasOffset(value.Text);
            case "time":
                return TimeSpan.TryParseExact(value.Text, new[] { @"hh\:mm", @"hh\:mm\:ss", @"hh\:mm\:ss\.FFFFFFF" }, CultureInfo.InvariantCulture, out var time) &&
                    time >= TimeSpan.Zero && time < TimeSpan.FromDays(1);
            default:
                // JSON, vector, computed and auto-number fields take no literal default.
                return false;
        }
    }

    private static bool HasOffset(string text) =>
        text.EndsWith("Z", StringComparison.OrdinalIgnoreCase) ||
        (text.Length >= 6 && text[text.Length - 3] == ':' && (text[text.Length - 6] == '+' || text[text.Length - 6] == '-'));
}
