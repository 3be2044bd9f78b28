using System.Collections.Generic;
using ObjectQL.Generators.Models;

namespace ObjectQL.Generators.Emit;

/// <summary>
/// Emits hand-written JSON converters per entity and patch. The System.Text.Json source generator cannot see types
/// that another generator produces, so the converters are written here, with no reflection.
/// </summary>
internal static class JsonEmitter
{
    public static string Emit(ObjectSpec spec, string ns)
    {
        var shapes = new List<FieldShape>();
        foreach (var field in spec.Fields)
        {
            shapes.Add(FieldShape.Of(field, ns));
        }
        var w = new CodeWriter(ns);
        var entity = $"global::{ns}.{spec.ClassName}";
        var patch = $"global::{ns}.{spec.ClassName}Patch";
        EmitConverter(w, spec, entity, $"{spec.ClassName}JsonConverter", "new " + entity + "()", shapes, includeSystem: true);
        w.Line();
        var stored = shapes.FindAll(s => !s.IsComputed);
        EmitConverter(w, spec, patch, $"{spec.ClassName}PatchJsonConverter", "new " + patch + "()", stored, includeSystem: false);
        return w.ToString();
    }

    private static void EmitConverter(CodeWriter w, ObjectSpec spec, string type, string name, string create, List<FieldShape> shapes, bool includeSystem)
    {
        w.Line($"/// <summary>Reads and writes <see cref=\"{type}\"/> as JSON with stored field names, without reflection.</summary>");
        w.Open($"public sealed class {name} : global::System.Text.Json.Serialization.JsonConverter<{type}>");
        w.Line("/// <inheritdoc />");
        w.Open($"public override {type}? Read(ref global::System.Text.Json.Utf8JsonReader reader, global::System.Type typeToConvert, global::System.Text.Json.JsonSerializerOptions options)");
        w.Line("if (reader.TokenType == global::System.Text.Json.JsonTokenType.Null) return null;");
        w.Line($"if (reader.TokenType != global::System.Text.Json.JsonTokenType.StartObject) throw new global::System.Text.Json.JsonException(\"A {EntityEmitter.Xml(spec.Name)} must be a JSON object.\");");
        w.Line($"var result = {create};");
        w.Open("while (reader.Read() && reader.TokenType != global::System.Text.Json.JsonTokenType.EndObject)");
        w.Line("var field = reader.GetString()!;");
        w.Line("reader.Read();");
        w.Open("switch (field)");
        if (includeSystem)
        {
            foreach (var system in SystemProperty.All)
            {
                w.Line($"case {Literals.String(system.Name)}: result.SetField(field, {ReadValue(system.Kind, multiple: false)}); break;");
            }
        }
        foreach (var shape in shapes)
        {
            w.Line($"case {Literals.String(shape.Field.Name)}: result.SetField(field, {ReadValue(shape.Kind, shape.Field.Multiple)}); break;");
        }
        // The REST API's single-record answers carry the object's name; reading one back into its entity must work.
        w.Line($"case \"@type\": {RuntimeTypes.EntityJson}.ReadType(ref reader, {Literals.String(spec.Name)}); break;");
        w.Line($"default: throw {RuntimeTypes.EntityJson}.UnknownProperty({Literals.String(spec.Name)}, field);");
        w.Close();
        w.Close();
        w.Line("return result;");
        w.Close();
        w.Line();
        w.Line("/// <inheritdoc />");
        w.Open($"public override void Write(global::System.Text.Json.Utf8JsonWriter writer, {type} value, global::System.Text.Json.JsonSerializerOptions options)");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(value);");
        w.Line($"{RuntimeTypes.EntityJson}.WriteRecord(writer, value.ToRecord());");
        w.Close();
        w.Close();
    }

    private static string ReadValue(Values.ValueKind kind, bool multiple) =>
        $"{RuntimeTypes.EntityJson}.ReadValue(ref reader, {RuntimeTypes.ValueKind}.{kind}, {Literals.Bool(multiple)}, field)";
}
