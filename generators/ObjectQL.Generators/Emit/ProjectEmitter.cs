using ObjectQL.Generators.Models;

namespace ObjectQL.Generators.Emit;

/// <summary>Emits the once-per-project outputs: the model registry and the JSON context.</summary>
internal static class ProjectEmitter
{
    public static string EmitAppModel(ProjectModel project)
    {
        var ns = project.Namespace;
        var w = new CodeWriter(ns);
        w.Line("/// <summary>Every object of this project, compiled from its *.object.yml files.</summary>");
        w.Open("public static partial class AppModel");
        w.Line("/// <summary>The object definitions, in name order.</summary>");
        w.Line("public static global::ObjectQL.Metadata.ObjectModel Objects { get; } = new global::ObjectQL.Metadata.ObjectModel(new global::ObjectQL.Metadata.ObjectDefinition[]");
        w.Line("{").Indent();
        foreach (var item in project.Objects)
        {
            w.Line($"global::{ns}.{item.ClassName}.Definition,");
        }
        w.Outdent().Line("});");
        w.Close();
        return w.ToString();
    }

    public static string EmitJsonContext(ProjectModel project)
    {
        var ns = project.Namespace;
        const string Json = "global::System.Text.Json";
        var w = new CodeWriter(ns);
        w.Line("/// <summary>");
        w.Line("/// JSON metadata for every generated entity and patch, built on hand-written converters: usable with");
        w.Line("/// <c>JsonSerializer</c> and as a type-info resolver under trimming and NativeAOT.");
        w.Line("/// </summary>");
        w.Open($"public sealed partial class AppModelJsonContext : {Json}.Serialization.JsonSerializerContext");
        w.Line("/// <summary>A context over default options.</summary>");
        w.Line($"public static global::{ns}.AppModelJsonContext Default {{ get; }} = new global::{ns}.AppModelJsonContext(new {Json}.JsonSerializerOptions());");
        w.Line();
        w.Line("/// <summary>A context bound to <paramref name=\"options\"/>.</summary>");
        w.Line($"public AppModelJsonContext({Json}.JsonSerializerOptions options) : base(options) {{ }}");
        w.Line();
        w.Line("/// <inheritdoc />");
        w.Line($"protected override {Json}.JsonSerializerOptions? GeneratedSerializerOptions => null;");
        w.Line();
        foreach (var item in project.Objects)
        {
            foreach (var (type, converter) in new[] { (item.ClassName, item.ClassName + "JsonConverter"), (item.ClassName + "Patch", item.ClassName + "PatchJsonConverter") })
            {
                w.Line($"private {Json}.Serialization.Metadata.JsonTypeInfo<global::{ns}.{type}>? _{type};");
                w.Line($"/// <summary>Type info of <see cref=\"global::{ns}.{type}\"/>.</summary>");
                w.Line($"public {Json}.Serialization.Metadata.JsonTypeInfo<global::{ns}.{type}> {type}Info => _{type} ??= " +
                    $"{Json}.Serialization.Metadata.JsonMetadataServices.CreateValueInfo<global::{ns}.{type}>(Options, new global::{ns}.{converter}());");
                w.Line();
            }
        }
        w.Line("/// <inheritdoc />");
        w.Open($"public override {Json}.Serialization.Metadata.JsonTypeInfo? GetTypeInfo(global::System.Type type)");
        foreach (var item in project.Objects)
        {
            w.Line($"if (type == typeof(global::{ns}.{item.ClassName})) return {item.ClassName}Info;");
            w.Line($"if (type == typeof(global::{ns}.{item.ClassName}Patch)) return {item.ClassName}PatchInfo;");
        }
        w.Line("return null;");
        w.Close();
        w.Close();
        return w.ToString();
    }
}
