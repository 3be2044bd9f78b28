using System.Collections.Generic;
using ObjectQL.Generators.Models;

namespace ObjectQL.Generators.Emit;

/// <summary>Emits the entity, its select enums and its typed field descriptors.</summary>
internal static partial class EntityEmitter
{
    public static string Emit(ObjectSpec spec, EmitContext context)
    {
        var ns = context.Namespace;
        var self = $"global::{ns}.{spec.ClassName}";
        var shapes = new List<FieldShape>();
        foreach (var field in spec.Fields)
        {
            shapes.Add(FieldShape.Of(field, ns));
        }
        var w = new CodeWriter(ns);
        foreach (var shape in shapes)
        {
            if (shape.IsEnum)
            {
                EmitEnum(w, spec, shape.Field);
            }
        }
        w.Line($"/// <summary>{Xml(spec.Label)}: an entity of object <c>{Xml(spec.Name)}</c>.{(spec.Description is null ? "" : " " + Xml(spec.Description))}</summary>");
        w.Open($"public sealed partial class {spec.ClassName} : global::ObjectQL.IEntity<{self}>");
        EmitProperties(w, shapes, ns);
        w.Line("/// <summary>The object definition, compiled from the YAML.</summary>");
        w.Line("public static global::ObjectQL.Metadata.ObjectDefinition Definition { get; } = CreateDefinition();");
        w.Line();
        EmitTryGetField(w, shapes);
        EmitSetField(w, spec, shapes);
        EmitToRecord(w, shapes);
        EmitFromRecord(w, spec, self);
        EmitReadRow(w, spec.ClassName, self, shapes);
        EmitWriteRow(w, self, shapes);
        DefinitionEmitter.EmitCreateDefinition(w, spec, shapes, context);
        EmitDescriptors(w, spec, shapes, self);
        w.Close();
        return w.ToString();
    }

    private static void EmitProperties(CodeWriter w, List<FieldShape> shapes, string ns)
    {
        foreach (var system in SystemProperty.All)
        {
            w.Line($"/// <summary>{system.Summary}</summary>");
            w.Line($"public {system.PropertyType} {system.Property} {{ get; set; }}");
            w.Line();
        }
        foreach (var shape in shapes)
        {
            var field = shape.Field;
            w.Line($"/// <summary>{Xml(field.Label)} (<c>{Xml(field.Name)}</c>, {field.Type}{(field.Multiple ? ", multiple" : "")}).{(field.Description is null ? "" : " " + Xml(field.Description))}</summary>");
            if (field.Formula is not null)
            {
                ComputedEmitter.EmitFormulaProperty(w, shape, shapes);
                continue;
            }
            var setter = shape.IsComputed ? "private set; " : "set; ";
            var initializer = Initializer(shape, ns);
            w.Line($"public {shape.PropertyType} {field.PropertyName} {{ get; {setter}}}{initializer}");
            w.Line();
        }
    }

    private static string Initializer(FieldShape shape, string ns)
    {
        var field = shape.Field;
        if (field.DefaultValue is { } value)
        {
            return " = " + DefaultValues.Typed(shape, value, ns) + ";";
        }
        if (!field.Required)
        {
            return "";
        }
        if (field.Multiple)
        {
            return $" = global::System.Array.Empty<{shape.ElementType}>();";
        }
        return shape.ElementType switch
        {
            "string" => " = \"\";",
            "float[]" => " = global::System.Array.Empty<float>();",
            _ => "",
        };
    }

    private static void EmitTryGetField(CodeWriter w, List<FieldShape> shapes)
    {
        w.Line("/// <inheritdoc />");
        w.Open("public bool TryGetField(string field, out object? value)");
        w.Open("switch (field)");
        foreach (var system in SystemProperty.All)
        {
            w.Line($"case {Literals.String(system.Name)}: value = {system.Property}; return true;");
        }
        foreach (var shape in shapes)
        {
            w.Line($"case {Literals.String(shape.Field.Name)}: value = {shape.ToCanonical(shape.Field.PropertyName)}; return true;");
        }
        w.Line("default: value = null; return false;");
        w.Close();
        w.Close();
        w.Line();
    }

    private static void EmitSetField(CodeWriter w, ObjectSpec spec, List<FieldShape> shapes)
    {
        w.Line("/// <inheritdoc />");
        w.Open("public void SetField(string field, object? value)");
        w.Open("if (!TrySetField(field, value))");
        w.Line($"throw {RuntimeTypes.FieldValues}.UnknownField({Literals.String(spec.Name)}, field);");
        w.Close();
        w.Close();
        w.Line();
        w.Open("private bool TrySetField(string field, object? value)");
        w.Open("switch (field)");
        foreach (var system in SystemProperty.All)
        {
            var name = Literals.String(system.Name);
            w.Line($"case {name}: {system.Property} = value is null ? {system.Empty} : {RuntimeTypes.FieldValues}.{FieldShape.Converter(system.Kind)}(value, {name}); return true;");
        }
        foreach (var shape in shapes)
        {
            // A formula's value is computed from the other fields, so a value given for it is ignored.
            w.Line(shape.Field.Formula is not null
                ? $"case {Literals.String(shape.Field.Name)}: return true;"
                : $"case {Literals.String(shape.Field.Name)}: {shape.Field.PropertyName} = {shape.FromCanonical("value")}; return true;");
        }
        w.Line("default: return false;");
        w.Close();
        w.Close();
        w.Line();
    }

    private static void EmitToRecord(CodeWriter w, List<FieldShape> shapes)
    {
        w.Line("/// <summary>The entity as an untyped record: every stored field, and the system fields that have a value.</summary>");
        w.Open("public global::ObjectQL.Record ToRecord()");
        w.Line($"var record = new global::ObjectQL.Record({Literals.Int(shapes.Count + SystemProperty.All.Count)});");
        foreach (var system in SystemProperty.All)
        {
            var isSet = system.IsVersion ? "!= 0L" : "is not null";
            w.Line($"if ({system.Property} {isSet}) record[{Literals.String(system.Name)}] = {system.Property};");
        }
        foreach (var shape in shapes)
        {
            if (!shape.IsComputed)
            {
                w.Line($"record[{Literals.String(shape.Field.Name)}] = {shape.ToCanonical(shape.Field.PropertyName)};");
            }
        }
        w.Line("return record;");
        w.Close();
        w.Line();
    }

    private static void EmitFromRecord(CodeWriter w, ObjectSpec spec, string self)
    {
        w.Line("/// <summary>Builds an entity from a record; absent fields keep their defaults and fields the object does not declare are ignored.</summary>");
        w.Open($"public static {self} FromRecord(global::ObjectQL.Record record)");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(record);");
        w.Line($"var entity = new {spec.ClassName}();");
        w.Open("foreach (var pair in record)");
        w.Line("entity.TrySetField(pair.Key, pair.Value);");
        w.Close();
        w.Line("return entity;");
        w.Close();
        w.Line();
    }

    private static void EmitDescriptors(CodeWriter w, ObjectSpec spec, List<FieldShape> shapes, string self)
    {
        w.Line($"/// <summary>Typed field descriptors of <c>{Xml(spec.Name)}</c>, for filters and sorts.</summary>");
        w.Open("public static class Fields");
        foreach (var system in SystemProperty.All)
        {
            w.Line($"/// <summary>The <c>{system.Name}</c> system field.</summary>");
            w.Line($"public static readonly global::ObjectQL.Querying.FieldDescriptor<{self}, {system.Type}> {system.Property} = new({Literals.String(system.Name)});");
        }
        foreach (var shape in shapes)
        {
            var convert = shape.IsEnum ? $", static value => {shape.EnumOptions}.ToValue(value)" : "";
            w.Line($"/// <summary>The <c>{Xml(shape.Field.Name)}</c> field.</summary>");
            w.Line($"public static readonly global::ObjectQL.Querying.FieldDescriptor<{self}, {shape.ElementType}> {shape.Field.PropertyName} = new({Literals.String(shape.Field.Name)}{convert});");
        }
        w.Close();
    }

    internal static string Xml(string text) =>
        text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\r", " ").Replace("\n", " ");
}
