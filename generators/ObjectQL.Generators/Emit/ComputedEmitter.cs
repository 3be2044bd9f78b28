using System.Collections.Generic;
using System.Linq;
using ObjectQL.Generators.Models;

namespace ObjectQL.Generators.Emit;

/// <summary>
/// Emits the computed members (docs/computed-fields.md): a formula becomes a private static method over its inputs,
/// called by the entity's read-only property and by the definition's <c>Compute</c> delegate for records.
/// </summary>
internal static class ComputedEmitter
{
    private const string Meta = "global::ObjectQL.Metadata";

    public static string MethodName(FieldSpec field) => "Compute" + field.PropertyName;

    /// <summary>The entity property of a formula field: computed from the entity's own properties on every read.</summary>
    public static void EmitFormulaProperty(CodeWriter w, FieldShape shape, List<FieldShape> shapes)
    {
        var field = shape.Field;
        var formula = field.Formula!;
        var arguments = formula.Inputs.Select(input => EntityArgument(input, shapes));
        w.Line($"public {shape.PropertyType} {field.PropertyName} => {MethodName(field)}({string.Join(", ", arguments)});");
        w.Line();
        w.Line($"private static {shape.PropertyType} {MethodName(field)}({string.Join(", ", formula.Inputs.Select(i => $"{i.ParameterType} @{i.Name}"))}) =>");
        w.Indent().Line(formula.Body + ";").Outdent();
        w.Line();
    }

    /// <summary>The <c>Formula</c> and <c>Summary</c> members of a field definition, when it has them.</summary>
    public static void EmitDefinitionMembers(CodeWriter w, FieldSpec field)
    {
        if (field.Formula is { } formula)
        {
            var reads = formula.Inputs.Select(i => $"global::ObjectQL.Entities.Generated.FormulaValues.{i.Reader}(record, {Literals.String(i.Name)})");
            w.Line($"Formula = new {Meta}.FormulaDefinition").Line("{").Indent();
            w.Line($"Compute = static record => {MethodName(field)}({string.Join(", ", reads)}),");
            w.Line($"Fields = {Literals.StringList(formula.Inputs.Select(i => i.Name).ToEquatableArray())},");
            if (formula.Sql is { } sql)
            {
                w.Line($"Sql = {Literals.String(sql)},");
            }
            w.Outdent().Line("},");
        }
        if (field.Summary is { } summary)
        {
            var parts = new List<string>
            {
                $"Object = {Literals.String(summary.Object)}",
                $"Function = global::ObjectQL.Querying.AggregateFunction.{summary.Function}",
            };
            if (summary.Field is not null) parts.Add($"Field = {Literals.String(summary.Field)}");
            if (summary.Filter is not null) parts.Add($"Filter = {summary.Filter}");
            w.Line($"Summary = new {Meta}.SummaryDefinition {{ {string.Join(", ", parts)} }},");
        }
    }

    // An input as the parameter type from the entity: stored properties convert (decimal to double, enums to their value).
    private static string EntityArgument(FormulaInputSpec input, List<FieldShape> shapes)
    {
        var shape = shapes.FirstOrDefault(s => s.Field.Name == input.Name);
        if (shape is null)
        {
            return SystemProperty.All.First(s => s.Name == input.Name).Property;
        }
        if (shape.IsEnum)
        {
            return $"({input.ParameterType})({shape.ToCanonical(shape.Field.PropertyName)})";
        }
        return input.ParameterType == "double?" && shape.ElementType != "double"
            ? $"({input.ParameterType}){shape.Field.PropertyName}"
            : shape.Field.PropertyName;
    }
}
