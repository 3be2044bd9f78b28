using System;
using System.Collections.Generic;
using System.Globalization;
using ObjectQL.Generators.Models;
using ObjectQL.Metadata;

namespace ObjectQL.Generators.Parsing;

internal sealed partial class ObjectParser
{
    private static readonly HashSet<string> FieldKeys = new(StringComparer.Ordinal)
    {
        "type", "name", "label", "description", "required", "unique", "index", "defaultValue", "options",
        "reference_to", "reference", "min", "max", "precision", "scale", "maxLength", "minLength", "validation",
        "multiple", "readonly", "hidden", "expression", "formula", "data_type", "dimension",
        // Known to the format, kept by UIs and other tools, not used by the generated code.
        "help_text", "searchable", "encryption", "externalId", "referenceFilters",
        "writeRequiresMasterRead", "format", "blank_as_zero", "treat_blank_as", "summary_object", "summary_field",
        "summary_type", "filters", "summaryOperations", "accept", "max_size", "min_size", "max_width", "max_height",
        "min_width", "min_height", "ai_context", "rows", "currency",
        // Used by the runtime (docs/relationships.md, docs/modeling.md).
        "deleteBehavior", "prefix",
    };

    private static readonly HashSet<string> FieldValidationKeys = new(StringComparer.Ordinal)
    {
        "min_length", "max_length", "pattern", "format", "min", "max", "message", "protocols",
    };

    private static readonly HashSet<string> OptionKeys = new(StringComparer.Ordinal) { "label", "value", "color", "default" };

    private static readonly HashSet<string> Formats = new(StringComparer.Ordinal) { "email", "url", "phone", "date", "datetime" };

    private List<FieldSpec> ParseFields(ObjectSpec owner, YamlNode node)
    {
        var fields = new List<FieldSpec>();
        if (!_context.IsMapping(node, "fields"))
        {
            return fields;
        }
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in _context.NamedEntries(node, $"the fields of '{owner.Name}'"))
        {
            var name = entry.Key.Value;
            if (!Names.IsValidName(name))
            {
                _context.Report(DiagnosticIds.InvalidIdentifier, entry.Key.Span, name);
                continue;
            }
            if (SystemFields.IsSystemField(name))
            {
                _context.Report(DiagnosticIds.SystemFieldCollision, entry.Key.Span, name);
                continue;
            }
            var property = Names.ToPascalCase(name);
            if (property == owner.ClassName)
            {
                // C# forbids a member named like its type: field 'task' of object 'task' becomes TaskValue (docs/modeling.md).
                property += "Value";
            }
            if (Names.ReservedMembers.Contains(property))
            {
                _context.Report(DiagnosticIds.MemberNameCollision, entry.Key.Span, name, property);
                continue;
            }
            if (properties.TryGetValue(property, out var other))
            {
                _context.Report(DiagnosticIds.TypeNameCollision, entry.Key.Span, name, property, other);
                continue;
            }
            var field = ParseField(owner, name, property, entry.Key.Span, entry.Value);
            if (field is not null)
            {
                properties.Add(property, name);
                fields.Add(field);
            }
        }
        return fields;
    }

    private FieldSpec? ParseField(ObjectSpec owner, string name, string property, SourceSpan span, YamlNode node)
    {
        if (!_context.IsMapping(node, name))
        {
            return null;
        }
        var field = new FieldSpec { Name = name, PropertyName = property, Label = Names.ToTitle(name), Span = span };
        _fieldNodes[name] = node;
        YamlNode? typeNode = null, defaultNode = null, optionsNode = null;
        foreach (var entry in _context.Entries(node, $"field '{name}'", FieldKeys))
        {
            var key = entry.Key.Value;
            var value = entry.Value;
            switch (key)
            {
                case "type": typeNode = value; break;
                case "label": field = field with { Label = _context.String(value, key) ?? field.Label }; break;
                case "description": field = field with { Description = _context.String(value, key) }; break;
                case "required": field = field with { Required = _context.Bool(value, key) }; break;
                case "unique": field = field with { Unique = _context.Bool(value, key) }; break;
                case "index": field = field with { Index = _context.Bool(value, key) }; break;
                case "multiple": field = field with { Multiple = _context.Bool(value, key) }; break;
                case "readonly": field = field with { Readonly = _context.Bool(value, key) }; break;
                case "hidden": field = field with { Hidden = _context.Bool(value, key) }; break;
                case "defaultValue": defaultNode = value; break;
                case "options": optionsNode = value; break;
                case "reference_to":
                case "reference":
                    field = field with { ReferenceTo = _context.String(value, key), ReferenceSpan = value.Span };
                    break;
                case "deleteBehavior": field = field with { DeleteBehavior = ParseDeleteBehavior(value) }; break;
                case "prefix": field = field with { Prefix = _context.String(value, key), PrefixSpan = value.Span }; break;
                case "min": field = field with { Min = _context.Double(value, key) }; break;
                case "max": field = field with { Max = _context.Double(value, key) }; break;
                case "precision": field = field with { Precision = _context.Int(value, key) }; break;
                case "scale": field = field with { Scale = _context.Int(value, key) }; break;
                case "maxLength": field = field with { MaxLength = _context.Int(value, key) }; break;
                case "minLength": field = field with { MinLength = _context.Int(value, key) }; break;
                case "validation": field = field with { Validation = ParseFieldValidation(name, value) }; break;
                case "expression":
                case "formula":
                    field = field with { Expression = _context.String(value, key) };
                    break;
                case "data_type": field = field with { DataType = ParseDataType(value) }; break;
                case "dimension": field = field with { Dimension = _context.Int(value, key) }; break;
            }
        }
        var type = InferType(field, node, typeNode);
        if (type is null)
        {
            return null;
        }
        field = field with { Type = type };
        if (type == "select")
        {
            field = field with { EnumName = owner.ClassName + property };
            field = field with { Options = ParseOptions(field, optionsNode, out var optionDefault) };
            if (defaultNode is null && optionDefault is not null)
            {
                field = field with { DefaultValue = optionDefault };
            }
            if (field.Options.IsEmpty)
            {
                _context.Report(DiagnosticIds.MissingKey, span, $"Select field '{name}'", "options");
                return null;
            }
        }
        else if (optionsNode is not null)
        {
            _context.Report(DiagnosticIds.InvalidValue, optionsNode.Span, "options", "used only by select fields");
        }
        if (FieldTypes.IsLookup(type) && string.IsNullOrEmpty(field.ReferenceTo))
        {
            _context.Report(DiagnosticIds.MissingKey, span, $"Lookup field '{name}'", "reference_to");
            return null;
        }
        if (field.DeleteBehavior is not null && !FieldTypes.IsLookup(type))
        {
            _context.Report(DiagnosticIds.InvalidValue, span, "deleteBehavior", "used only by lookup and master_detail fields");
        }
        if (field.Prefix is not null && type != "auto_number")
        {
            _context.Report(DiagnosticIds.InvalidValue, field.PrefixSpan ?? span, "prefix", "used only by auto_number fields");
        }
        if (defaultNode is not null)
        {
            field = field with { DefaultValue = ParseDefault(field, defaultNode) };
        }
        return field;
    }

    private string? InferType(FieldSpec field, YamlNode node, YamlNode? typeNode)
    {
        if (typeNode is not null)
        {
            var type = _context.String(typeNode, "type");
            if (type is null)
            {
                return null;
            }
            if (!FieldTypes.EnumMembers.ContainsKey(type))
            {
                _context.Report(DiagnosticIds.UnknownFieldType, typeNode.Span, field.Name, type);
                return null;
            }
            return type;
        }
        // Inference as in the format: the deprecated 'reference' alias deliberately does not infer a lookup.
        if (node.Get("reference_to") is not null)
        {
            return "lookup";
        }
        if (node.Get("options") is not null)
        {
            return "select";
        }
        if (node.Get("expression") is not null || node.Get("formula") is not null)
        {
            return "formula";
        }
        if (node.Get("summary_object") is not null)
        {
            return "summary";
        }
        _context.Report(DiagnosticIds.MissingKey, field.Span, $"Field '{field.Name}'", "type");
        return null;
    }

    // deleteBehavior: set_null, cascade or restrict, emitted as the DeleteBehavior member's name.
    private string? ParseDeleteBehavior(YamlNode node)
    {
        var value = _context.String(node, "deleteBehavior");
        switch (value)
        {
            case null: return null;
            case "set_null": return "SetNull";
            case "cascade": return "Cascade";
            case "restrict": return "Restrict";
            default:
                _context.Report(DiagnosticIds.InvalidValue, node.Span, "deleteBehavior", "one of set_null, cascade, restrict");
                return null;
        }
    }

    private string? ParseDataType(YamlNode node)
    {
        var type = _context.String(node, "data_type");
        if (type is not null && !FieldTypes.FormulaDataTypes.Contains(type))
        {
            _context.Report(DiagnosticIds.InvalidValue, node.Span, "data_type", "one of text, number, currency, percent, boolean, date, datetime, time");
            return null;
        }
        return type;
    }

    private EquatableArray<OptionSpec> ParseOptions(FieldSpec field, YamlNode? node, out ValueSpec? defaultOption)
    {
        defaultOption = null;
        var options = new List<OptionSpec>();
        if (node is null)
        {
            return EquatableArray<OptionSpec>.Empty;
        }
        if (node.Kind != YamlNodeKind.Sequence)
        {
            _context.Report(DiagnosticIds.InvalidValue, node.Span, "options", "a list of values or of {label, value} mappings");
            return EquatableArray<OptionSpec>.Empty;
        }
        var values = new HashSet<string>(StringComparer.Ordinal);
        // An enum member may not share the enum's name, so that name counts as taken.
        var members = new HashSet<string>(StringComparer.Ordinal) { field.EnumName ?? "" };
        foreach (var item in node.Items)
        {
            YamlNode? valueNode = item;
            string? label = null, color = null;
            var isDefault = false;
            if (item.Kind == YamlNodeKind.Mapping)
            {
                valueNode = item.Get("value");
                foreach (var entry in _context.Entries(item, "an option", OptionKeys))
                {
                    switch (entry.Key.Value)
                    {
                        case "label": label = _context.String(entry.Value, "label"); break;
                        case "color": color = _context.String(entry.Value, "color"); break;
                        case "default": isDefault = _context.Bool(entry.Value, "default"); break;
                    }
                }
                if (valueNode is null)
                {
                    _context.Report(DiagnosticIds.MissingKey, item.Span, "An option", "value");
                    continue;
                }
            }
            if (valueNode.Kind != YamlNodeKind.Scalar || valueNode.IsNullScalar)
            {
                _context.Report(DiagnosticIds.InvalidValue, valueNode.Span, "option value", "text or a number");
                continue;
            }
            var isNumber = valueNode.IsPlain && ParseContext.TryDouble(valueNode.Value, out _);
            var text = isNumber ? NormalizeNumber(valueNode.Value) : valueNode.Value;
            if (!values.Add(text))
            {
                _context.Report(DiagnosticIds.DuplicateField, valueNode.Span, text, $"the options of '{field.Name}'");
                continue;
            }
            var member = Names.ToMemberName(text, options.Count);
            var unique = member;
            for (var n = 2; !members.Add(unique); n++)
            {
                unique = member + "_" + n.ToString(CultureInfo.InvariantCulture);
            }
            options.Add(new OptionSpec(text, isNumber, label ?? Names.ToTitle(text), color, unique));
            if (isDefault && defaultOption is null)
            {
                defaultOption = ValueSpec.Scalar(isNumber ? ValueKind.Number : ValueKind.String, text);
            }
        }
        return options.ToEquatableArray();
    }

    private static string NormalizeNumber(string text)
    {
        ParseContext.TryDouble(text, out var number);
        return number.ToString("R", CultureInfo.InvariantCulture);
    }

    private FieldValidationSpec? ParseFieldValidation(string field, YamlNode node)
    {
        if (!_context.IsMapping(node, "validation"))
        {
            return null;
        }
        int? minLength = null, maxLength = null;
        double? min = null, max = null;
        string? pattern = null, format = null, message = null;
        foreach (var entry in _context.Entries(node, $"the validation of '{field}'", FieldValidationKeys))
        {
            var key = entry.Key.Value;
            var value = entry.Value;
            switch (key)
            {
                case "min_length": minLength = _context.Int(value, key); break;
                case "max_length": maxLength = _context.Int(value, key); break;
                case "min": min = _context.Double(value, key); break;
                case "max": max = _context.Double(value, key); break;
                case "message": message = Message(value); break;
                case "pattern":
                    pattern = _context.String(value, key);
                    if (pattern is not null && !IsValidRegex(pattern))
                    {
                        _context.Report(DiagnosticIds.InvalidValue, value.Span, key, "a valid .NET regular expression");
                        pattern = null;
                    }
                    break;
                case "format":
                    format = _context.String(value, key);
                    if (format is not null && !Formats.Contains(format))
                    {
                        _context.Report(DiagnosticIds.InvalidValue, value.Span, key, "one of email, url, phone, date, datetime");
                        format = null;
                    }
                    break;
            }
        }
        return new FieldValidationSpec(minLength, maxLength, pattern, format, min, max, message);
    }

    private static bool IsValidRegex(string pattern)
    {
        try
        {
            _ = new System.Text.RegularExpressions.Regex(pattern, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>A message is text or a map of language to text; the English text (or the first) is kept.</summary>
    private string? Message(YamlNode node)
    {
        if (node.Kind == YamlNodeKind.Mapping)
        {
            var english = node.Get("en");
            if (english is not null)
            {
                return _context.String(english, "message");
            }
            return node.Entries.Count > 0 ? _context.String(node.Entries[0].Value, "message") : null;
        }
        return _context.String(node, "message");
    }
}
