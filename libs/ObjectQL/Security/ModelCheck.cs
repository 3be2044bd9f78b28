using ObjectQL.Metadata;

namespace ObjectQL.Security;

/// <summary>Refuses, when a database opens, any rule the runtime could not enforce, so none silently passes.</summary>
internal static class ModelCheck
{
    public static void Check(ObjectModel model)
    {
        foreach (var definition in model.Objects)
        {
            foreach (var rule in definition.ValidationRules)
            {
                var where = $"Validation rule '{rule.Name}' of '{definition.Name}'";
                if (rule.ApplyWhen is { } applyWhen)
                {
                    Conditions.Check(applyWhen, definition, where);
                }
                switch (rule.Type)
                {
                    case ValidationRuleType.CrossField:
                    case ValidationRuleType.Conditional:
                        Conditions.Check(rule.Condition ?? throw Missing(where, "a rule condition"), definition, where);
                        break;
                    case ValidationRuleType.BusinessRule:
                        if (rule.Condition is null && rule.IfField is null)
                        {
                            throw Missing(where, "a constraint (all_of, any_of or if_field/then_require)");
                        }
                        if (rule.Condition is { } constraint)
                        {
                            Conditions.Check(constraint, definition, where);
                        }
                        foreach (var field in rule.ThenRequire.Append(rule.IfField).OfType<string>())
                        {
                            definition.GetField(field);
                        }
                        break;
                    case ValidationRuleType.StateMachine:
                        definition.GetField(rule.Field ?? throw Missing(where, "a field"));
                        if (rule.Transitions.Count == 0)
                        {
                            throw Missing(where, "transitions");
                        }
                        break;
                    case ValidationRuleType.Unique:
                        if (rule.Fields.Count == 0 && rule.Field is null)
                        {
                            throw Missing(where, "field or fields");
                        }
                        foreach (var field in rule.Fields.Append(rule.Field).OfType<string>())
                        {
                            definition.GetField(field);
                        }
                        break;
                    default:
                        throw ObjectQLException.InvalidRequest($"{where}: rule type {rule.Type} is not supported.", null, "unsupported_rule");
                }
            }
            if (definition.Permissions is { } permissions)
            {
                foreach (var rule in permissions.RecordRules)
                {
                    Conditions.Check(rule.Condition, definition, $"Record rule '{rule.Name}' of '{definition.Name}'");
                }
                foreach (var field in permissions.FieldPermissions)
                {
                    definition.GetField(field.Field);
                }
            }
        }
    }

    private static ObjectQLException Missing(string where, string what) =>
        ObjectQLException.InvalidRequest($"{where} needs {what}.", null, "invalid_rule");
}
