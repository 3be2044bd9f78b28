using System;
using System.Collections.Generic;
using ObjectQL.Generators.Models;

namespace ObjectQL.Generators.Parsing;

/// <summary>Reads a <c>*.permission.yml</c> file (the format's section 9.1).</summary>
internal static class PermissionParser
{
    private static readonly HashSet<string> Keys = new(StringComparer.Ordinal)
    {
        "name", "object", "description", "roles", "object_permissions", "field_permissions", "record_rules",
    };

    private static readonly HashSet<string> ObjectPermissionKeys = new(StringComparer.Ordinal)
    {
        "create", "read", "update", "delete", "view_all", "modify_all",
    };

    private static readonly HashSet<string> FieldPermissionKeys = new(StringComparer.Ordinal) { "read", "update" };

    private static readonly HashSet<string> RecordRuleKeys = new(StringComparer.Ordinal)
    {
        "name", "priority", "description", "condition", "permissions",
    };

    private static readonly HashSet<string> RulePermissionKeys = new(StringComparer.Ordinal) { "read", "update", "delete" };

    public static PermissionSpec? Parse(YamlNode root, string filePrefix, ParseContext context)
    {
        if (!context.IsMapping(root, "the document"))
        {
            return null;
        }
        var spec = new PermissionSpec { Name = filePrefix, Object = filePrefix, ObjectSpan = root.Span };
        var usedRoles = new List<NamedReference>();
        var conditionFields = new List<NamedReference>();
        YamlNode? rolesNode = null;
        foreach (var entry in context.Entries(root, "a permission file", Keys))
        {
            var key = entry.Key.Value;
            var value = entry.Value;
            switch (key)
            {
                case "name": spec = spec with { Name = context.String(value, key) ?? spec.Name }; break;
                case "object":
                    spec = spec with { Object = context.String(value, key) ?? spec.Object, ObjectSpan = value.Span };
                    break;
                case "roles":
                    rolesNode = value;
                    spec = spec with { Roles = context.NameArray(value, key) };
                    break;
                case "object_permissions": spec = ParseObjectPermissions(spec, value, context, usedRoles); break;
                case "field_permissions": spec = spec with { FieldPermissions = ParseFieldPermissions(value, context, usedRoles) }; break;
                case "record_rules": spec = spec with { RecordRules = ParseRecordRules(value, context, conditionFields) }; break;
            }
        }
        if (!Names.IsValidName(spec.Object))
        {
            context.Report(DiagnosticIds.InvalidIdentifier, spec.ObjectSpan, spec.Object);
            return null;
        }
        if (rolesNode is not null)
        {
            var roles = new HashSet<string>(spec.Roles, StringComparer.Ordinal);
            foreach (var role in usedRoles)
            {
                if (!roles.Contains(role.Name))
                {
                    context.Report(DiagnosticIds.PermissionUnknownRole, role.Span, role.Name);
                }
            }
        }
        return spec with { ClassName = Names.ToPascalCase(spec.Object), ConditionFields = conditionFields.ToEquatableArray() };
    }

    private static PermissionSpec ParseObjectPermissions(PermissionSpec spec, YamlNode node, ParseContext context, List<NamedReference> usedRoles)
    {
        if (!context.IsMapping(node, "object_permissions"))
        {
            return spec;
        }
        foreach (var entry in context.Entries(node, "object_permissions", ObjectPermissionKeys))
        {
            var roles = context.Names(entry.Value, entry.Key.Value);
            usedRoles.AddRange(roles);
            var names = roles.ConvertAll(r => r.Name).ToEquatableArray();
            switch (entry.Key.Value)
            {
                case "create": spec = spec with { Create = names }; break;
                case "read": spec = spec with { Read = names }; break;
                case "update": spec = spec with { Update = names }; break;
                case "delete": spec = spec with { Delete = names }; break;
                case "view_all": spec = spec with { ViewAll = names }; break;
                case "modify_all": spec = spec with { ModifyAll = names }; break;
            }
        }
        return spec;
    }

    private static EquatableArray<FieldPermissionSpec> ParseFieldPermissions(YamlNode node, ParseContext context, List<NamedReference> usedRoles)
    {
        var permissions = new List<FieldPermissionSpec>();
        if (!context.IsMapping(node, "field_permissions"))
        {
            return EquatableArray<FieldPermissionSpec>.Empty;
        }
        foreach (var entry in context.NamedEntries(node, "field_permissions"))
        {
            if (!context.IsMapping(entry.Value, entry.Key.Value))
            {
                continue;
            }
            EquatableArray<string>? read = null, update = null;
            foreach (var item in context.Entries(entry.Value, $"the permissions of field '{entry.Key.Value}'", FieldPermissionKeys))
            {
                var roles = context.Names(item.Value, item.Key.Value);
                usedRoles.AddRange(roles);
                var names = roles.ConvertAll(r => r.Name).ToEquatableArray();
                if (item.Key.Value == "read")
                {
                    read = names;
                }
                else
                {
                    update = names;
                }
            }
            permissions.Add(new FieldPermissionSpec(entry.Key.Value, read, update, entry.Key.Span));
        }
        return permissions.ToEquatableArray();
    }

    private static EquatableArray<RecordRuleSpec> ParseRecordRules(YamlNode node, ParseContext context, List<NamedReference> conditionFields)
    {
        var rules = new List<RecordRuleSpec>();
        if (node.Kind != YamlNodeKind.Sequence)
        {
            context.Report(DiagnosticIds.InvalidValue, node.Span, "record_rules", "a list of rules");
            return EquatableArray<RecordRuleSpec>.Empty;
        }
        foreach (var item in node.Items)
        {
            if (!context.IsMapping(item, "record rule"))
            {
                continue;
            }
            string? name = null;
            var priority = 0;
            ConditionSpec? condition = null;
            bool read = false, update = false, delete = false;
            foreach (var entry in context.Entries(item, "a record rule", RecordRuleKeys))
            {
                var key = entry.Key.Value;
                switch (key)
                {
                    case "name": name = context.String(entry.Value, key); break;
                    case "priority": priority = context.Int(entry.Value, key) ?? 0; break;
                    case "condition": condition = ConditionParser.Parse(entry.Value, context, conditionFields); break;
                    case "permissions":
                        if (!context.IsMapping(entry.Value, key))
                        {
                            break;
                        }
                        foreach (var permission in context.Entries(entry.Value, "record rule permissions", RulePermissionKeys))
                        {
                            var granted = context.Bool(permission.Value, permission.Key.Value);
                            switch (permission.Key.Value)
                            {
                                case "read": read = granted; break;
                                case "update": update = granted; break;
                                case "delete": delete = granted; break;
                            }
                        }
                        break;
                }
            }
            if (name is null || condition is null)
            {
                if (name is null || item.Get("condition") is null)
                {
                    context.Report(DiagnosticIds.MissingKey, item.Span, "A record rule", name is null ? "name" : "condition");
                }
                continue;
            }
            rules.Add(new RecordRuleSpec(name, priority, condition, read, update, delete));
        }
        return rules.ToEquatableArray();
    }
}
