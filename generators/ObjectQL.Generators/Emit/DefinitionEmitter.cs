using System.Collections.Generic;
using ObjectQL.Generators.Models;

namespace ObjectQL.Generators.Emit;

/// <summary>Emits an object definition as C# data, so nothing parses YAML at run time.</summary>
internal static class DefinitionEmitter
{
    private const string Meta = "global::ObjectQL.Metadata";

    public static void EmitCreateDefinition(CodeWriter w, ObjectSpec spec, List<FieldShape> shapes, EmitContext context)
    {
        w.Open($"private static {Meta}.ObjectDefinition CreateDefinition() => new {Meta}.ObjectDefinition");
        w.Line($"Name = {Literals.String(spec.Name)},");
        w.Line($"Label = {Literals.String(spec.Label)},");
        Optional(w, "PluralLabel", spec.PluralLabel);
        Optional(w, "Description", spec.Description);
        Optional(w, "TableName", spec.TableName);
        w.Line($"Fields = new {Meta}.FieldDefinition[]");
        w.Line("{").Indent();
        foreach (var shape in shapes)
        {
            EmitField(w, shape, context.Namespace);
        }
        w.Outdent().Line("},");
        if (!spec.Indexes.IsEmpty)
        {
            w.Line($"Indexes = new {Meta}.IndexDefinition[]");
            w.Line("{").Indent();
            foreach (var index in spec.Indexes)
            {
                w.Line($"new {Meta}.IndexDefinition {{ Name = {Literals.String(index.Name)}, Fields = {Literals.StringList(index.Fields)}, Unique = {Literals.Bool(index.Unique)} }},");
            }
            w.Outdent().Line("},");
        }
        if (!spec.Rules.IsEmpty)
        {
            w.Line($"ValidationRules = new {Meta}.ValidationRuleDefinition[]");
            w.Line("{").Indent();
            foreach (var rule in spec.Rules)
            {
                EmitRule(w, rule);
            }
            w.Outdent().Line("},");
        }
        if (spec.Sync is { } sync)
        {
            w.Line($"Sync = new {Meta}.SyncSettings {{ Enabled = {Literals.Bool(sync.Enabled)}, Strategy = {Meta}.SyncStrategy.{sync.Strategy}, " +
                $"ConflictFields = {Literals.StringList(sync.ConflictFields)}, Direction = {Meta}.SyncDirection.{sync.Direction}, " +
                $"DebounceMs = {Literals.Int(sync.DebounceMs)}, BatchSize = {Literals.Int(sync.BatchSize)} }},");
        }
        if (Contains(context.ObjectsWithPermissions, spec.Name))
        {
            w.Line("Permissions = CreatePermissions(),");
        }
        w.Close(";");
        w.Line();
    }

    private static void EmitField(CodeWriter w, FieldShape shape, string ns)
    {
        var f = shape.Field;
        w.Line($"new {Meta}.FieldDefinition").Line("{").Indent();
        w.Line($"Name = {Literals.String(f.Name)}, Label = {Literals.String(f.Label)}, Type = {Meta}.FieldType.{Parsing.FieldTypes.EnumMembers[f.Type]},");
        Optional(w, "Description", f.Description);
        Flag(w, "Required", f.Required);
        Flag(w, "Unique", f.Unique);
        Flag(w, "Index", f.Index);
        Flag(w, "Multiple", f.Multiple);
        Flag(w, "Readonly", f.Readonly);
        Flag(w, "Hidden", f.Hidden);
        if (f.DefaultValue is { } value)
        {
            w.Line($"DefaultValue = {DefaultValues.Canonical(shape, value, ns)},");
        }
        if (!f.Options.IsEmpty)
        {
            w.Line($"Options = new {Meta}.SelectOption[]").Line("{").Indent();
            foreach (var option in f.Options)
            {
                var stored = option.IsNumber
                    ? Literals.Double(double.Parse(option.Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture))
                    : Literals.String(option.Value);
                var color = option.Color is null ? "" : $", Color = {Literals.String(option.Color)}";
                w.Line($"new {Meta}.SelectOption {{ Value = {stored}, Label = {Literals.String(option.Label)}{color} }},");
            }
            w.Outdent().Line("},");
        }
        Optional(w, "ReferenceTo", f.ReferenceTo);
        if (f.DeleteBehavior is { } deleteBehavior) w.Line($"DeleteBehavior = {Meta}.DeleteBehavior.{deleteBehavior},");
        Optional(w, "Prefix", f.Prefix);
        if (f.Min is { } min) w.Line($"Min = {Literals.Double(min)},");
        if (f.Max is { } max) w.Line($"Max = {Literals.Double(max)},");
        if (f.Precision is { } precision) w.Line($"Precision = {Literals.Int(precision)},");
        if (f.Scale is { } scale) w.Line($"Scale = {Literals.Int(scale)},");
        if (f.MaxLength is { } maxLength) w.Line($"MaxLength = {Literals.Int(maxLength)},");
        if (f.MinLength is { } minLength) w.Line($"MinLength = {Literals.Int(minLength)},");
        if (f.Validation is { } v)
        {
            w.Line($"Validation = new {Meta}.FieldValidation {{ MinLength = {Literals.NullableInt(v.MinLength)}, MaxLength = {Literals.NullableInt(v.MaxLength)}, " +
                $"Pattern = {Literals.String(v.Pattern)}, Format = {Literals.String(v.Format)}, Min = {Literals.NullableDouble(v.Min)}, " +
                $"Max = {Literals.NullableDouble(v.Max)}, Message = {Literals.String(v.Message)} }},");
        }
        Optional(w, "Expression", f.Expression);
        if (f.DataType is { } dataType) w.Line($"DataType = {Meta}.FieldType.{Parsing.FieldTypes.EnumMembers[dataType]},");
        if (f.Dimension is { } dimension) w.Line($"Dimension = {Literals.Int(dimension)},");
        ComputedEmitter.EmitDefinitionMembers(w, f);
        w.Outdent().Line("},");
    }

    private static void EmitRule(CodeWriter w, RuleSpec rule)
    {
        w.Line($"new {Meta}.ValidationRuleDefinition").Line("{").Indent();
        w.Line($"Name = {Literals.String(rule.Name)}, Type = {Meta}.ValidationRuleType.{rule.Type},");
        Optional(w, "Message", rule.Message);
        Optional(w, "ErrorCode", rule.ErrorCode);
        if (rule.Severity != "Error") w.Line($"Severity = {Meta}.RuleSeverity.{rule.Severity},");
        if (!rule.Triggers.IsEmpty)
        {
            w.Line($"Triggers = {string.Join(" | ", Prefix(rule.Triggers, Meta + ".RuleTriggers."))},");
        }
        if (!rule.Fields.IsEmpty) w.Line($"Fields = {Literals.StringList(rule.Fields)},");
        if (rule.ApplyWhen is { } applyWhen) w.Line($"ApplyWhen = {Condition(applyWhen)},");
        if (rule.Condition is { } condition) w.Line($"Condition = {Condition(condition)},");
        Optional(w, "Field", rule.Field);
        if (!rule.Transitions.IsEmpty)
        {
            w.Line("Transitions = new global::System.Collections.Generic.Dictionary<string, global::System.Collections.Generic.IReadOnlyList<string>>").Line("{").Indent();
            foreach (var transition in rule.Transitions)
            {
                w.Line($"[{Literals.String(transition.State)}] = {Literals.StringList(transition.Next)},");
            }
            w.Outdent().Line("},");
        }
        if (!rule.InitialStates.IsEmpty) w.Line($"InitialStates = {Literals.StringList(rule.InitialStates)},");
        Optional(w, "IfField", rule.IfField);
        if (!rule.ThenRequire.IsEmpty) w.Line($"ThenRequire = {Literals.StringList(rule.ThenRequire)},");
        if (!rule.CaseSensitive) w.Line("CaseSensitive = false,");
        w.Outdent().Line("},");
    }

    /// <summary>A condition as one C# expression.</summary>
    public static string Condition(ConditionSpec c)
    {
        var parts = new List<string>();
        if (c.Field is not null) parts.Add($"Field = {Literals.String(c.Field)}");
        if (c.Operator is not null) parts.Add($"Operator = {Literals.String(c.Operator)}");
        if (c.Value is not null) parts.Add($"Value = {Literals.Untyped(c.Value)}");
        if (c.CompareTo is not null) parts.Add($"CompareTo = {Literals.String(c.CompareTo)}");
        if (c.Expression is not null) parts.Add($"Expression = {Literals.String(c.Expression)}");
        if (!c.AllOf.IsEmpty) parts.Add($"AllOf = {Conditions(c.AllOf)}");
        if (!c.AnyOf.IsEmpty) parts.Add($"AnyOf = {Conditions(c.AnyOf)}");
        return $"new {Meta}.Condition {{ {string.Join(", ", parts)} }}";
    }

    private static string Conditions(EquatableArray<ConditionSpec> conditions)
    {
        var items = new List<string>();
        foreach (var condition in conditions)
        {
            items.Add(Condition(condition));
        }
        return $"new {Meta}.Condition[] {{ {string.Join(", ", items)} }}";
    }

    private static IEnumerable<string> Prefix(EquatableArray<string> values, string prefix)
    {
        foreach (var value in values)
        {
            yield return prefix + value;
        }
    }

    private static bool Contains(EquatableArray<string> values, string value)
    {
        foreach (var item in values)
        {
            if (item == value)
            {
                return true;
            }
        }
        return false;
    }

    private static void Optional(CodeWriter w, string property, string? value)
    {
        if (value is not null)
        {
            w.Line($"{property} = {Literals.String(value)},");
        }
    }

    private static void Flag(CodeWriter w, string property, bool value)
    {
        if (value)
        {
            w.Line($"{property} = true,");
        }
    }
}
