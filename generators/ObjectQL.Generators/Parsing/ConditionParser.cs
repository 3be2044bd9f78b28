using System;
using System.Collections.Generic;
using ObjectQL.Generators.Models;

namespace ObjectQL.Generators.Parsing;

/// <summary>Reads conditions of validation rules and record rules, including the postfix <c>complex</c> form.</summary>
internal static class ConditionParser
{
    private static readonly HashSet<string> Keys = new(StringComparer.Ordinal)
    {
        "type", "field", "operator", "value", "compare_to", "expression", "all_of", "any_of", "description",
    };

    private static readonly HashSet<string> Operators = new(StringComparer.Ordinal)
    {
        "=", "!=", ">", ">=", "<", "<=", "in", "not_in", "contains", "not_contains", "starts_with", "ends_with",
    };

    /// <summary>Reads a condition; field names it uses are added to <paramref name="fields"/> for the caller to check.</summary>
    public static ConditionSpec? Parse(YamlNode node, ParseContext context, List<NamedReference> fields)
    {
        if (!context.IsMapping(node, "condition"))
        {
            return null;
        }
        var type = node.Get("type");
        var typeName = type is null ? "simple" : context.String(type, "type") ?? "simple";
        switch (typeName)
        {
            case "simple":
                return ParseSimple(node, context, fields);
            case "complex":
                return ParseComplex(node, context, fields);
            default:
                context.Report(DiagnosticIds.InvalidCondition, type!.Span,
                    $"condition type '{typeName}' is not supported (use simple conditions, all_of/any_of or complex)");
                return null;
        }
    }

    private static ConditionSpec? ParseSimple(YamlNode node, ParseContext context, List<NamedReference> fields)
    {
        string? field = null, op = null, compareTo = null, expression = null;
        ValueSpec? value = null;
        var allOf = new List<ConditionSpec>();
        var anyOf = new List<ConditionSpec>();
        YamlNode? operatorNode = null;
        foreach (var entry in context.Entries(node, "a condition", Keys))
        {
            var key = entry.Key.Value;
            var v = entry.Value;
            switch (key)
            {
                case "field":
                    field = context.String(v, key);
                    if (field is not null)
                    {
                        fields.Add(new NamedReference(field, v.Span));
                    }
                    break;
                case "operator":
                    op = context.String(v, key);
                    operatorNode = v;
                    break;
                case "value":
                    value = context.Value(v, key);
                    break;
                case "compare_to":
                    compareTo = context.String(v, key);
                    if (compareTo is not null)
                    {
                        fields.Add(new NamedReference(compareTo, v.Span));
                    }
                    break;
                case "expression":
                    expression = context.String(v, key);
                    break;
                case "all_of":
                case "any_of":
                    if (v.Kind != YamlNodeKind.Sequence)
                    {
                        context.Report(DiagnosticIds.InvalidValue, v.Span, key, "a list of conditions");
                        return null;
                    }
                    foreach (var item in v.Items)
                    {
                        var inner = Parse(item, context, fields);
                        if (inner is null)
                        {
                            return null;
                        }
                        (key == "all_of" ? allOf : anyOf).Add(inner);
                    }
                    break;
            }
        }
        if (op is not null && !Operators.Contains(op))
        {
            context.Report(DiagnosticIds.InvalidCondition, operatorNode!.Span, $"operator '{op}' is not one of = != > >= < <= in not_in contains not_contains starts_with ends_with");
            return null;
        }
        if (field is not null && op is null)
        {
            context.Report(DiagnosticIds.MissingKey, node.Span, "A condition on a field", "operator");
            return null;
        }
        if (field is null && allOf.Count == 0 && anyOf.Count == 0 && expression is null)
        {
            context.Report(DiagnosticIds.InvalidCondition, node.Span, "a condition needs 'field' and 'operator', 'all_of', 'any_of' or 'expression'");
            return null;
        }
        return new ConditionSpec
        {
            Field = field,
            Operator = op,
            Value = value,
            CompareTo = compareTo,
            Expression = expression,
            AllOf = allOf.ToEquatableArray(),
            AnyOf = anyOf.ToEquatableArray(),
        };
    }

    /// <summary>Evaluates the postfix list <c>[cond, cond, and, ...]</c> into nested groups, once, at compile time.</summary>
    private static ConditionSpec? ParseComplex(YamlNode node, ParseContext context, List<NamedReference> fields)
    {
        foreach (var entry in node.Entries)
        {
            if (entry.Key.Value is not ("type" or "expression" or "description") && !ParseContext.IsExtensionKey(entry.Key.Value))
            {
                context.ReportUnknownKey(entry.Key, "a complex condition", ["type", "expression", "description"]);
            }
        }
        var expression = node.Get("expression");
        if (expression is null || expression.Kind != YamlNodeKind.Sequence)
        {
            context.Report(DiagnosticIds.InvalidCondition, (expression ?? node).Span, "a complex condition needs 'expression' as a postfix list such as [cond, cond, and]");
            return null;
        }
        var stack = new Stack<ConditionSpec>();
        foreach (var item in expression.Items)
        {
            if (item.Kind == YamlNodeKind.Scalar)
            {
                var op = item.Value;
                if ((op != "and" && op != "or") || stack.Count < 2)
                {
                    context.Report(DiagnosticIds.InvalidCondition, item.Span,
                        op is "and" or "or" ? $"'{op}' needs two conditions before it" : $"'{op}' is not 'and' or 'or'");
                    return null;
                }
                var right = stack.Pop();
                var left = stack.Pop();
                stack.Push(op == "and" ? Group(left, right, all: true) : Group(left, right, all: false));
                continue;
            }
            var condition = Parse(item, context, fields);
            if (condition is null)
            {
                return null;
            }
            stack.Push(condition);
        }
        if (stack.Count != 1)
        {
            context.Report(DiagnosticIds.InvalidCondition, expression.Span,
                $"the postfix expression leaves {stack.Count} conditions instead of one; join them with 'and' or 'or'");
            return null;
        }
        return stack.Pop();
    }

    private static ConditionSpec Group(ConditionSpec left, ConditionSpec right, bool all)
    {
        var items = new List<ConditionSpec>();
        Flatten(left, all, items);
        Flatten(right, all, items);
        return all ? new ConditionSpec { AllOf = items.ToEquatableArray() } : new ConditionSpec { AnyOf = items.ToEquatableArray() };
    }

    private static void Flatten(ConditionSpec condition, bool all, List<ConditionSpec> into)
    {
        var isPureGroup = condition.Field is null && condition.Expression is null;
        if (isPureGroup && all && condition.AnyOf.IsEmpty && !condition.AllOf.IsEmpty)
        {
            into.AddRange(condition.AllOf);
        }
        else if (isPureGroup && !all && condition.AllOf.IsEmpty && !condition.AnyOf.IsEmpty)
        {
            into.AddRange(condition.AnyOf);
        }
        else
        {
            into.Add(condition);
        }
    }
}
