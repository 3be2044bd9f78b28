using System.Linq;
using System;
using System.Collections.Generic;
using ObjectQL.Generators.Models;

namespace ObjectQL.Generators.Parsing;

internal sealed partial class ObjectParser
{
    private static readonly HashSet<string> IndexKeys = new(StringComparer.Ordinal) { "fields", "unique", "name" };

    private static readonly HashSet<string> ValidationKeys = new(StringComparer.Ordinal) { "rules", "ai_context" };

    private static readonly HashSet<string> RuleKeys = new(StringComparer.Ordinal)
    {
        "name", "type", "message", "error_code", "severity", "trigger", "fields", "context", "skip_bulk", "apply_when",
        "async", "timeout", "ai_context", "description", "rule", "field", "operator", "value", "compare_to",
        "transitions", "initial_states", "constraint", "case_sensitive", "scope",
    };

    private static readonly HashSet<string> ConstraintKeys = new(StringComparer.Ordinal)
    {
        "all_of", "any_of", "expression", "if_field", "then_require",
    };

    private static readonly HashSet<string> SyncKeys = new(StringComparer.Ordinal)
    {
        "enabled", "strategy", "conflict_fields", "direction", "debounce_ms", "batch_size",
    };

    private static readonly Dictionary<string, string> RuleTypes = new(StringComparer.Ordinal)
    {
        ["cross_field"] = "CrossField", ["state_machine"] = "StateMachine", ["business_rule"] = "BusinessRule",
        ["conditional"] = "Conditional", ["unique"] = "Unique",
    };

    private EquatableArray<IndexSpec> ParseIndexes(ObjectSpec spec, YamlNode node, HashSet<string> fieldNames)
    {
        var indexes = new List<IndexSpec>();
        if (!_context.IsMapping(node, "indexes"))
        {
            return EquatableArray<IndexSpec>.Empty;
        }
        foreach (var entry in _context.NamedEntries(node, "indexes"))
        {
            if (!_context.IsMapping(entry.Value, entry.Key.Value))
            {
                continue;
            }
            List<NamedReference>? fields = null;
            var unique = false;
            var name = entry.Key.Value;
            foreach (var item in _context.Entries(entry.Value, $"index '{name}'", IndexKeys))
            {
                switch (item.Key.Value)
                {
                    case "fields": fields = _context.Names(item.Value, "fields"); break;
                    case "unique": unique = _context.Bool(item.Value, "unique"); break;
                    case "name": name = _context.String(item.Value, "name") ?? name; break;
                }
            }
            if (fields is null || fields.Count == 0)
            {
                _context.Report(DiagnosticIds.MissingKey, entry.Key.Span, $"Index '{name}'", "fields");
                continue;
            }
            CheckFieldReferences(spec, fields, fieldNames, $"Index '{name}'");
            indexes.Add(new IndexSpec(name, fields.ConvertAll(f => f.Name).ToEquatableArray(), unique));
        }
        return indexes.ToEquatableArray();
    }

    private EquatableArray<RuleSpec> ParseValidation(ObjectSpec spec, YamlNode node, HashSet<string> fieldNames)
    {
        var rules = new List<RuleSpec>();
        if (!_context.IsMapping(node, "validation"))
        {
            return EquatableArray<RuleSpec>.Empty;
        }
        _context.Entries(node, "validation", ValidationKeys);
        var list = node.Get("rules");
        if (list is null)
        {
            return EquatableArray<RuleSpec>.Empty;
        }
        if (list.Kind != YamlNodeKind.Sequence)
        {
            _context.Report(DiagnosticIds.InvalidValue, list.Span, "rules", "a list of rules");
            return EquatableArray<RuleSpec>.Empty;
        }
        foreach (var item in list.Items)
        {
            var rule = ParseRule(spec, item, fieldNames);
            if (rule is not null)
            {
                rules.Add(rule);
            }
        }
        return rules.ToEquatableArray();
    }

    private RuleSpec? ParseRule(ObjectSpec spec, YamlNode node, HashSet<string> fieldNames)
    {
        if (!_context.IsMapping(node, "rule"))
        {
            return null;
        }
        var nameNode = node.Get("name");
        var typeNode = node.Get("type");
        var name = nameNode is null ? null : _context.String(nameNode, "name");
        if (name is null || typeNode is null)
        {
            _context.Report(DiagnosticIds.MissingKey, node.Span, "A validation rule", name is null ? "name" : "type");
            return null;
        }
        var typeName = _context.String(typeNode, "type") ?? "";
        if (!RuleTypes.TryGetValue(typeName, out var type))
        {
            _context.Report(DiagnosticIds.UnsupportedRuleType, typeNode.Span, name, typeName);
            return null;
        }
        var references = new List<NamedReference>();
        var rule = new RuleSpec { Name = name, Type = type };
        var flat = new YamlNode(YamlNodeKind.Mapping, node.Span);
        foreach (var entry in _context.Entries(node, $"rule '{name}'", RuleKeys))
        {
            var key = entry.Key.Value;
            var value = entry.Value;
            switch (key)
            {
                case "message": rule = rule with { Message = Message(value) }; break;
                case "error_code": rule = rule with { ErrorCode = _context.String(value, key) }; break;
                case "severity": rule = rule with { Severity = ParseSeverity(value) }; break;
                case "trigger": rule = rule with { Triggers = ParseTriggers(value) }; break;
                case "fields":
                    var fields = _context.Names(value, key);
                    references.AddRange(fields);
                    rule = rule with { Fields = fields.ConvertAll(f => f.Name).ToEquatableArray() };
                    break;
                case "apply_when": rule = rule with { ApplyWhen = ConditionParser.Parse(value, _context, references) }; break;
                case "rule": rule = rule with { Condition = ConditionParser.Parse(value, _context, references) }; break;
                case "field":
                    rule = rule with { Field = _context.String(value, key) };
                    if (rule.Field is not null)
                    {
                        references.Add(new NamedReference(rule.Field, value.Span));
                    }
                    flat.Entries.Add(entry);
                    break;
                case "operator": case "value": case "compare_to":
                    flat.Entries.Add(entry);
                    break;
                case "transitions": rule = rule with { Transitions = ParseTransitions(value) }; break;
                case "initial_states": rule = rule with { InitialStates = _context.NameArray(value, key) }; break;
                case "constraint": rule = ParseConstraint(rule, value, references); break;
                case "case_sensitive": rule = rule with { CaseSensitive = _context.Bool(value, key) }; break;
            }
        }
        // cross_field and conditional rules may give their comparison flat on the rule instead of under 'rule'.
        if (rule.Condition is null && (type == "CrossField" || type == "Conditional") && flat.Get("operator") is not null)
        {
            // Its field names are checked like any other; 'field' was recorded above already.
            var flatReferences = new List<NamedReference>();
            rule = rule with { Condition = ConditionParser.Parse(flat, _context, flatReferences) };
            references.AddRange(flatReferences.Where(r => !references.Contains(r)));
        }
        if (rule.Condition is null && type is "CrossField" or "Conditional")
        {
            _context.Report(DiagnosticIds.MissingKey, node.Span, $"Rule '{name}'", "rule");
            return null;
        }
        if (type == "StateMachine" && (rule.Field is null || rule.Transitions.IsEmpty))
        {
            _context.Report(DiagnosticIds.MissingKey, node.Span, $"State machine '{name}'", rule.Field is null ? "field" : "transitions");
            return null;
        }
        if (type == "Unique" && rule.Field is null && rule.Fields.IsEmpty)
        {
            _context.Report(DiagnosticIds.MissingKey, node.Span, $"Unique rule '{name}'", "fields");
            return null;
        }
        if (type == "Unique" && rule.Fields.IsEmpty && rule.Field is not null)
        {
            rule = rule with { Fields = new[] { rule.Field }.ToEquatableArray(), Field = null };
        }
        if (type is "CrossField" or "Conditional" or "BusinessRule")
        {
            // A flat comparison's 'field' belongs to the condition, not to the rule.
            rule = rule with { Field = null };
        }
        CheckFieldReferences(spec, references, fieldNames, $"Rule '{name}'");
        return rule;
    }

    private RuleSpec ParseConstraint(RuleSpec rule, YamlNode node, List<NamedReference> references)
    {
        if (!_context.IsMapping(node, "constraint"))
        {
            return rule;
        }
        var group = new YamlNode(YamlNodeKind.Mapping, node.Span);
        foreach (var entry in _context.Entries(node, "a constraint", ConstraintKeys))
        {
            switch (entry.Key.Value)
            {
                case "if_field":
                    var field = _context.String(entry.Value, "if_field");
                    if (field is not null)
                    {
                        references.Add(new NamedReference(field, entry.Value.Span));
                    }
                    rule = rule with { IfField = field };
                    break;
                case "then_require":
                    var required = _context.Names(entry.Value, "then_require");
                    references.AddRange(required);
                    rule = rule with { ThenRequire = required.ConvertAll(r => r.Name).ToEquatableArray() };
                    break;
                default:
                    group.Entries.Add(entry);
                    break;
            }
        }
        if (group.Entries.Count > 0)
        {
            rule = rule with { Condition = ConditionParser.Parse(group, _context, references) };
        }
        return rule;
    }

    private string ParseSeverity(YamlNode node)
    {
        switch (_context.String(node, "severity"))
        {
            case "error": return "Error";
            case "warning": return "Warning";
            case "info": return "Info";
            default:
                _context.Report(DiagnosticIds.InvalidValue, node.Span, "severity", "error, warning or info");
                return "Error";
        }
    }

    private EquatableArray<string> ParseTriggers(YamlNode node)
    {
        var triggers = new List<string>();
        foreach (var trigger in _context.Names(node, "trigger"))
        {
            switch (trigger.Name)
            {
                case "create": triggers.Add("Create"); break;
                case "update": triggers.Add("Update"); break;
                case "delete": triggers.Add("Delete"); break;
                default:
                    _context.Report(DiagnosticIds.InvalidValue, trigger.Span, "trigger", "create, update or delete");
                    break;
            }
        }
        return triggers.ToEquatableArray();
    }

    private EquatableArray<TransitionSpec> ParseTransitions(YamlNode node)
    {
        var transitions = new List<TransitionSpec>();
        if (!_context.IsMapping(node, "transitions"))
        {
            return EquatableArray<TransitionSpec>.Empty;
        }
        foreach (var entry in _context.NamedEntries(node, "transitions"))
        {
            var value = entry.Value;
            if (value.Kind == YamlNodeKind.Mapping)
            {
                // The long form: {allowed_next: [...], is_terminal: true}.
                var next = value.Get("allowed_next");
                var terminal = value.Get("is_terminal");
                var isTerminal = terminal is not null && _context.Bool(terminal, "is_terminal");
                var states = next is null || isTerminal ? EquatableArray<string>.Empty : _context.NameArray(next, "allowed_next");
                _context.Entries(value, $"state '{entry.Key.Value}'", new HashSet<string>(StringComparer.Ordinal) { "allowed_next", "is_terminal" });
                transitions.Add(new TransitionSpec(entry.Key.Value, states));
            }
            else
            {
                transitions.Add(new TransitionSpec(entry.Key.Value, _context.NameArray(value, entry.Key.Value)));
            }
        }
        return transitions.ToEquatableArray();
    }

    private SyncSpec? ParseSync(ObjectSpec spec, YamlNode node, HashSet<string> fieldNames)
    {
        if (!_context.IsMapping(node, "sync"))
        {
            return null;
        }
        var sync = new SyncSpec(false, "LastWriteWins", EquatableArray<string>.Empty, "Bidirectional", 1000, 50);
        foreach (var entry in _context.Entries(node, "sync", SyncKeys))
        {
            var key = entry.Key.Value;
            var value = entry.Value;
            switch (key)
            {
                case "enabled": sync = sync with { Enabled = _context.Bool(value, key) }; break;
                case "strategy":
                    var strategy = _context.String(value, key);
                    switch (strategy)
                    {
                        case "last-write-wins": sync = sync with { Strategy = "LastWriteWins" }; break;
                        case "crdt": sync = sync with { Strategy = "Crdt" }; break;
                        case "manual": sync = sync with { Strategy = "Manual" }; break;
                        default: _context.Report(DiagnosticIds.UnknownSyncStrategy, value.Span, strategy ?? ""); break;
                    }
                    break;
                case "direction":
                    var direction = _context.String(value, key);
                    switch (direction)
                    {
                        case "bidirectional": sync = sync with { Direction = "Bidirectional" }; break;
                        case "push-only": sync = sync with { Direction = "PushOnly" }; break;
                        case "pull-only": sync = sync with { Direction = "PullOnly" }; break;
                        default: _context.Report(DiagnosticIds.UnknownSyncDirection, value.Span, direction ?? ""); break;
                    }
                    break;
                case "conflict_fields":
                    var fields = _context.Names(value, key);
                    foreach (var field in fields)
                    {
                        if (!fieldNames.Contains(field.Name))
                        {
                            _context.Report(DiagnosticIds.UnknownConflictField, field.Span, field.Name, spec.Name);
                        }
                    }
                    sync = sync with { ConflictFields = fields.ConvertAll(f => f.Name).ToEquatableArray() };
                    break;
                case "debounce_ms":
                    sync = sync with { DebounceMs = PositiveInt(value, key, minimum: 0) ?? sync.DebounceMs };
                    break;
                case "batch_size":
                    sync = sync with { BatchSize = PositiveInt(value, key, minimum: 1) ?? sync.BatchSize };
                    break;
            }
        }
        return sync;
    }

    private int? PositiveInt(YamlNode node, string key, int minimum)
    {
        if (node.Kind == YamlNodeKind.Scalar &&
            int.TryParse(node.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) &&
            value >= minimum)
        {
            return value;
        }
        _context.Report(DiagnosticIds.InvalidSyncValue, node.Span, key, node.Kind == YamlNodeKind.Scalar ? node.Value : node.Kind.ToString(),
            minimum.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return null;
    }
}
