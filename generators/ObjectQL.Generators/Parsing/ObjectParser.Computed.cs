using System;
using System.Collections.Generic;
using System.Linq;
using ObjectQL.Generators.Emit;
using ObjectQL.Generators.Models;
using ObjectQL.Generators.Parsing.Formulas;
using ObjectQL.Metadata;
using ValueKind = ObjectQL.Values.ValueKind;

namespace ObjectQL.Generators.Parsing;

// Formula and summary fields, checked once every field of the object is known (docs/computed-fields.md).
internal sealed partial class ObjectParser
{
    private static readonly Dictionary<string, string> SummaryFunctions = new(StringComparer.Ordinal)
    {
        ["count"] = "Count", ["sum"] = "Sum", ["min"] = "Min", ["max"] = "Max", ["avg"] = "Avg",
    };

    private static readonly Dictionary<string, string> FilterOperators = new(StringComparer.Ordinal)
    {
        ["="] = "Eq", ["=="] = "Eq", ["!="] = "Ne", ["<>"] = "Ne", [">"] = "Gt", [">="] = "Gte", ["<"] = "Lt", ["<="] = "Lte",
        ["in"] = "In", ["nin"] = "Nin", ["not_in"] = "Nin", ["$eq"] = "Eq", ["$ne"] = "Ne", ["$gt"] = "Gt", ["$gte"] = "Gte",
        ["$lt"] = "Lt", ["$lte"] = "Lte", ["$in"] = "In", ["$nin"] = "Nin",
    };

    private readonly Dictionary<string, YamlNode> _fieldNodes = new(StringComparer.Ordinal);

    private List<FieldSpec> CompileComputed(ObjectSpec owner, List<FieldSpec> fields)
    {
        Dictionary<string, FormulaField?>? readable = null;
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            var node = _fieldNodes[field.Name];
            if (field.Type == "formula")
            {
                fields[i] = CompileFormula(owner, field, node, readable ??= ReadableFields(fields));
            }
            else if (field.Type == "summary")
            {
                fields[i] = ParseSummary(field, node);
            }
        }
        return fields;
    }

    private FieldSpec CompileFormula(ObjectSpec owner, FieldSpec field, YamlNode node, Dictionary<string, FormulaField?> readable)
    {
        var expressionNode = node.Get("expression") ?? node.Get("formula");
        if (field.Expression is not { } expression || expressionNode is null)
        {
            _context.Report(DiagnosticIds.MissingKey, field.Span, $"Formula field '{field.Name}'", "expression");
            return field;
        }
        try
        {
            var (result, used) = FormulaCompiler.Compile(FormulaParser.Parse(expression), readable);
            var dataType = field.DataType ?? FormulaTypes.Name(result.Type);
            if (!Fits(result.Type, dataType))
            {
                var declared = node.Get("data_type")?.Span ?? expressionNode.Span;
                _context.Report(DiagnosticIds.FormulaTypeMismatch, declared, field.Name,
                    $"it computes {FormulaTypes.Name(result.Type)}, which data_type '{dataType}' cannot hold");
                return field;
            }
            var inputs = used.Select(f => new FormulaInputSpec(f.Name, FormulaTypes.Reader(f.Type), FormulaTypes.ClrType(f.Type)));
            var body = dataType switch
            {
                "currency" => $"global::ObjectQL.Entities.Generated.FormulaValues.Currency({result.CSharp})",
                "number" or "percent" => $"global::ObjectQL.Entities.Generated.FormulaValues.Finite({result.CSharp})",
                _ => result.CSharp,
            };
            return field with
            {
                DataType = dataType,
                Formula = new FormulaSpec(body, inputs.ToEquatableArray(), result.Sql, FormulaTypes.Name(result.Type)),
            };
        }
        catch (FormulaException error)
        {
            var span = Inside(expressionNode, error.Start, error.Length);
            if (error.Field is { } name)
            {
                _context.Report(DiagnosticIds.UnknownFieldReference, span, $"The formula of '{field.Name}'", name, owner.Name);
            }
            else
            {
                _context.Report(error.DiagnosticId, span, field.Name, error.Message);
            }
            return field;
        }
    }

    private static bool Fits(FormulaType type, string dataType) => type switch
    {
        FormulaType.Number => dataType is "number" or "currency" or "percent",
        _ => dataType == FormulaTypes.Name(type),
    };

    // The fields a formula may read; a null entry exists but is not readable (computed, multiple, JSON, time...).
    private static Dictionary<string, FormulaField?> ReadableFields(List<FieldSpec> fields)
    {
        var readable = new Dictionary<string, FormulaField?>(StringComparer.Ordinal);
        foreach (var system in SystemFields.All)
        {
            readable[system] = Values.FieldKinds.OfSystemField(system) switch
            {
                ValueKind.Text => new FormulaField(system, FormulaType.Text, false),
                ValueKind.DateTime => new FormulaField(system, FormulaType.DateTime, false),
                _ => null,
            };
        }
        foreach (var field in fields)
        {
            var kind = FieldShape.Of(field, "_").Kind;
            readable[field.Name] = FieldTypes.IsComputed(field.Type) || field.Multiple ? null : kind switch
            {
                ValueKind.Number => new FormulaField(field.Name, FormulaType.Number, false),
                ValueKind.Decimal => new FormulaField(field.Name, FormulaType.Number, true),
                ValueKind.Text => new FormulaField(field.Name, FormulaType.Text, false),
                ValueKind.Boolean => new FormulaField(field.Name, FormulaType.Boolean, false),
                ValueKind.Date => new FormulaField(field.Name, FormulaType.Date, false),
                ValueKind.DateTime => new FormulaField(field.Name, FormulaType.DateTime, false),
                _ => null,
            };
        }
        return readable;
    }

    // The span of characters [start, start+length) of a one-line scalar; the whole scalar otherwise.
    private static SourceSpan Inside(YamlNode node, int start, int length)
    {
        var span = node.Span;
        if (span.StartLine != span.EndLine || node.Kind != YamlNodeKind.Scalar)
        {
            return span;
        }
        var offset = (node.IsPlain ? 0 : 1) + start;
        var begin = Math.Min(span.Start + offset, span.End);
        var end = Math.Min(begin + Math.Max(length, 1), span.End);
        return span with
        {
            Start = begin, End = end, StartColumn = span.StartColumn + (begin - span.Start), EndColumn = span.StartColumn + (end - span.Start),
        };
    }

    private FieldSpec ParseSummary(FieldSpec field, YamlNode node)
    {
        var objectNode = node.Get("summary_object");
        var typeNode = node.Get("summary_type");
        var fieldNode = node.Get("summary_field");
        var childObject = objectNode is null ? null : _context.String(objectNode, "summary_object");
        if (childObject is null)
        {
            _context.Report(DiagnosticIds.MissingKey, field.Span, $"Summary field '{field.Name}'", "summary_object");
            return field;
        }
        var type = typeNode is null ? "count" : _context.String(typeNode, "summary_type");
        if (type is null || !SummaryFunctions.TryGetValue(type, out var function))
        {
            _context.Report(DiagnosticIds.InvalidSummary, typeNode!.Span, field.Name, $"summary_type '{type}' is not one of count, sum, min, max, avg");
            return field;
        }
        var childField = fieldNode is null ? null : _context.String(fieldNode, "summary_field");
        if (childField is null && function != "Count")
        {
            _context.Report(DiagnosticIds.InvalidSummary, typeNode?.Span ?? field.Span, field.Name, $"summary_type '{type}' needs a summary_field (a number or currency field of '{childObject}')");
            return field;
        }
        string? filter = null;
        if (node.Get("filters") is { } filtersNode && !TrySummaryFilter(field, filtersNode, out filter))
        {
            return field;
        }
        return field with { Summary = new SummarySpec(childObject, function, childField, filter) };
    }

    // filters: a list of [field, operator, value] (the legacy form) or a map field -> value or {$op: value}.
    private bool TrySummaryFilter(FieldSpec field, YamlNode node, out string? filter)
    {
        filter = null;
        var parts = new List<string>();
        if (node.Kind == YamlNodeKind.Sequence)
        {
            foreach (var item in node.Items)
            {
                if (item.Kind != YamlNodeKind.Sequence || item.Items.Count != 3 || item.Items[0].Kind != YamlNodeKind.Scalar
                    || !FilterOperators.TryGetValue(item.Items[1].Value, out var op) || _context.Value(item.Items[2], "filters") is not { } value)
                {
                    _context.Report(DiagnosticIds.InvalidSummary, item.Span, field.Name, "each filter is [field, operator, value] with an operator among = != > >= < <= in nin");
                    return false;
                }
                parts.Add(Comparison(item.Items[0].Value, op, value));
            }
        }
        else if (node.Kind == YamlNodeKind.Mapping)
        {
            foreach (var entry in node.Entries)
            {
                if (entry.Value.Kind == YamlNodeKind.Mapping)
                {
                    foreach (var condition in entry.Value.Entries)
                    {
                        if (!FilterOperators.TryGetValue(condition.Key.Value, out var op) || !condition.Key.Value.StartsWith("$", StringComparison.Ordinal)
                            || _context.Value(condition.Value, "filters") is not { } value)
                        {
                            _context.Report(DiagnosticIds.InvalidSummary, condition.Key.Span, field.Name, "a filter operator is one of $eq $ne $gt $gte $lt $lte $in $nin");
                            return false;
                        }
                        parts.Add(Comparison(entry.Key.Value, op, value));
                    }
                }
                else if (_context.Value(entry.Value, "filters") is { } value)
                {
                    parts.Add(Comparison(entry.Key.Value, "Eq", value));
                }
                else
                {
                    return false;
                }
            }
        }
        else
        {
            _context.Report(DiagnosticIds.InvalidSummary, node.Span, field.Name, "filters is a list of [field, operator, value] or a map of field to value");
            return false;
        }
        filter = parts.Count switch
        {
            0 => null,
            1 => parts[0],
            _ => $"global::ObjectQL.Querying.Filter.And.Of({string.Join(", ", parts)})",
        };
        return true;
    }

    private static string Comparison(string field, string op, ValueSpec value) =>
        $"new global::ObjectQL.Querying.Filter.Comparison({Literals.String(field)}, global::ObjectQL.Querying.FilterOperator.{op}, {Literals.Untyped(value)})";
}
