using ObjectQL.Generators.Models;
using ObjectQL.Generators.Parsing;

namespace ObjectQL.Generators.Emit;

/// <summary>Emits the typed repository and the session extension that returns it.</summary>
internal static class RepositoryEmitter
{
    public static string Emit(ObjectSpec spec, string ns)
    {
        var entity = $"global::{ns}.{spec.ClassName}";
        var repository = $"{spec.ClassName}Repository";
        var w = new CodeWriter(ns);
        w.Line($"/// <summary>The typed repository of <c>{EntityEmitter.Xml(spec.Name)}</c>.</summary>");
        w.Open($"public sealed partial class {repository} : global::ObjectQL.Repository<{entity}>");
        w.Line("/// <summary>Wraps the untyped repository of the object.</summary>");
        w.Line($"public {repository}(global::ObjectQL.IObjectRepository inner) : base(inner) {{ }}");
        w.Close();
        w.Line();
        w.Line("/// <summary>Typed repositories of the generated objects.</summary>");
        w.Open("public static partial class ObjectQLSessionExtensions");
        w.Line($"/// <summary>The typed repository of <c>{EntityEmitter.Xml(spec.Name)}</c> in <paramref name=\"session\"/>.</summary>");
        w.Open($"public static global::{ns}.{repository} {Names.Pluralize(spec.ClassName)}(this global::ObjectQL.IObjectQLSession session)");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(session);");
        w.Line($"return new global::{ns}.{repository}(session.Object({Literals.String(spec.Name)}));");
        w.Close();
        w.Close();
        return w.ToString();
    }
}
