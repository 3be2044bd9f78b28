using System.Collections.Generic;
using ObjectQL.Generators.Models;

namespace ObjectQL.Generators.Emit;

/// <summary>Emits the patch type: the stored fields as properties that remember being set.</summary>
internal static class PatchEmitter
{
    public static string Emit(ObjectSpec spec, string ns)
    {
        var entity = $"global::{ns}.{spec.ClassName}";
        var patch = $"{spec.ClassName}Patch";
        var shapes = new List<FieldShape>();
        foreach (var field in spec.Fields)
        {
            var shape = FieldShape.Of(field, ns);
            if (!shape.IsComputed)
            {
                shapes.Add(shape);
            }
        }
        var w = new CodeWriter(ns);
        w.Line($"/// <summary>A partial update of <c>{EntityEmitter.Xml(spec.Name)}</c>: it carries only the fields that were set (also the sync mutation payload).</summary>");
        w.Open($"public sealed partial class {patch} : global::ObjectQL.IPatch<{entity}>");
        w.Line($"private static readonly string[] s_names = {Literals.StringList(Names(shapes))};");
        w.Line($"private readonly bool[] _set = new bool[{Literals.Int(shapes.Count)}];");
        for (var i = 0; i < shapes.Count; i++)
        {
            w.Line($"private {shapes[i].PropertyType} _f{Literals.Int(i)} = default!;");
        }
        w.Line();
        for (var i = 0; i < shapes.Count; i++)
        {
            var field = shapes[i].Field;
            var index = Literals.Int(i);
            w.Line($"/// <summary>{EntityEmitter.Xml(field.Label)} (<c>{EntityEmitter.Xml(field.Name)}</c>); setting it marks the field as set.</summary>");
            w.Open($"public {shapes[i].PropertyType} {field.PropertyName}");
            w.Line($"get => _f{index};");
            w.Line($"set {{ _f{index} = value; _set[{index}] = true; }}");
            w.Close();
            w.Line();
        }
        w.Line("/// <inheritdoc />");
        w.Open("public global::System.Collections.Generic.IReadOnlyList<string> SetFields");
        w.Open("get");
        w.Line("var names = new global::System.Collections.Generic.List<string>();");
        w.Open("for (var i = 0; i < _set.Length; i++)");
        w.Line("if (_set[i]) names.Add(s_names[i]);");
        w.Close();
        w.Line("return names;");
        w.Close();
        w.Close();
        w.Line();
        w.Line("/// <inheritdoc />");
        w.Open("public bool IsSet(string field)");
        w.Line("var index = global::System.Array.IndexOf(s_names, field);");
        w.Line("return index >= 0 && _set[index];");
        w.Close();
        w.Line();
        w.Line("/// <inheritdoc />");
        w.Open("public global::ObjectQL.Record ToRecord()");
        // Sized for the set fields plus the three system fields an update stamps, so the record never grows.
        w.Line("var count = 3;");
        w.Line("foreach (var set in _set) if (set) count++;");
        w.Line("var record = new global::ObjectQL.Record(count);");
        for (var i = 0; i < shapes.Count; i++)
        {
            var index = Literals.Int(i);
            w.Line($"if (_set[{index}]) record[{Literals.String(shapes[i].Field.Name)}] = {shapes[i].ToCanonical("_f" + index)};");
        }
        w.Line("return record;");
        w.Close();
        w.Line();
        w.Line("/// <inheritdoc />");
        w.Open($"public void ApplyTo({entity} entity)");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(entity);");
        for (var i = 0; i < shapes.Count; i++)
        {
            var index = Literals.Int(i);
            w.Line($"if (_set[{index}]) entity.{shapes[i].Field.PropertyName} = _f{index};");
        }
        w.Close();
        w.Line();
        w.Line("/// <summary>Sets a field by its stored name from a canonical value; throws an INVALID_REQUEST error for an unknown field or a wrong type.</summary>");
        w.Open("public void SetField(string field, object? value)");
        w.Open("switch (field)");
        foreach (var shape in shapes)
        {
            w.Line($"case {Literals.String(shape.Field.Name)}: {shape.Field.PropertyName} = {shape.FromCanonical("value")}; return;");
        }
        w.Line($"default: throw {RuntimeTypes.FieldValues}.UnknownField({Literals.String(spec.Name)}, field);");
        w.Close();
        w.Close();
        w.Line();
        w.Line("/// <summary>A patch setting every field present in <paramref name=\"record\"/>.</summary>");
        w.Open($"public static {patch} FromRecord(global::ObjectQL.Record record)");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(record);");
        w.Line($"var patch = new {patch}();");
        w.Open("foreach (var pair in record)");
        w.Line("patch.SetField(pair.Key, pair.Value);");
        w.Close();
        w.Line("return patch;");
        w.Close();
        w.Close();
        return w.ToString();
    }

    private static EquatableArray<string> Names(List<FieldShape> shapes)
    {
        var names = new List<string>();
        foreach (var shape in shapes)
        {
            names.Add(shape.Field.Name);
        }
        return names.ToEquatableArray();
    }
}
