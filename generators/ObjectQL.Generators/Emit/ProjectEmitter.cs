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
        w.Open($"public sealed partial class AppModelJsonContext : {Json}.Serialization.JsonSerializerContext, {Json}.Serialization.Metadata.IJsonTypeInfoResolver");
        w.Line("/// <summary>A context over default options.</summary>");
        w.Line($"public static global::{ns}.AppModelJsonContext Default {{ get; }} = new global::{ns}.AppModelJsonContext(new {Json}.JsonSerializerOptions());");
        w.Line();
        w.Line("/// <summary>A context bound to <paramref name=\"options\"/>.</summary>");
        w.Line($"public AppModelJsonContext({Json}.JsonSerializerOptions options) : base(options) {{ }}");
        w.Line();
        w.Line("/// <inheritdoc />");
        w.Line($"protected override {Json}.JsonSerializerOptions? GeneratedSerializerOptions => null;");
        w.Line();
        var types = new System.Collections.Generic.List<(string Type, string Converter)>();
        foreach (var item in project.Objects)
        {
            types.Add((item.ClassName, item.ClassName + "JsonConverter"));
            types.Add((item.ClassName + "Patch", item.ClassName + "PatchJsonConverter"));
        }
        foreach (var (type, converter) in types)
        {
            w.Line($"private {Json}.Serialization.Metadata.JsonTypeInfo<global::{ns}.{type}>? _{type};");
            w.Line($"/// <summary>Type info of <see cref=\"global::{ns}.{type}\"/>.</summary>");
            w.Line($"public {Json}.Serialization.Metadata.JsonTypeInfo<global::{ns}.{type}> {type}Info => _{type} ??= Create{type}(Options);");
            w.Line();
            w.Line($"private static {Json}.Serialization.Metadata.JsonTypeInfo<global::{ns}.{type}> Create{type}({Json}.JsonSerializerOptions options) =>");
            w.Line($"    {Json}.Serialization.Metadata.JsonMetadataServices.CreateValueInfo<global::{ns}.{type}>(options, new global::{ns}.{converter}());");
            w.Line();
        }
        w.Line("/// <inheritdoc />");
        w.Open($"public override {Json}.Serialization.Metadata.JsonTypeInfo? GetTypeInfo(global::System.Type type)");
        foreach (var (type, _) in types)
        {
            w.Line($"if (type == typeof(global::{ns}.{type})) return {type}Info;");
        }
        w.Line("return null;");
        w.Close();
        w.Line();
        w.Line("// Used when the context is a resolver of other options (TypeInfoResolver = AppModelJsonContext.Default): type infos are built for those options.");
        w.Open($"{Json}.Serialization.Metadata.JsonTypeInfo? {Json}.Serialization.Metadata.IJsonTypeInfoResolver.GetTypeInfo(global::System.Type type, {Json}.JsonSerializerOptions options)");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(options);");
        w.Line("if (ReferenceEquals(options, Options)) return GetTypeInfo(type);");
        foreach (var (type, _) in types)
        {
            w.Line($"if (type == typeof(global::{ns}.{type})) return Create{type}(options);");
        }
        w.Line("return null;");
        w.Close();
        w.Close();
        return w.ToString();
    }
}
