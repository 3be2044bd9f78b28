using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using ObjectQL.Generators.Emit;
using ObjectQL.Generators.Models;
using ObjectQL.Generators.Parsing;

namespace ObjectQL.Generators;

public sealed partial class ObjectQLGenerator
{
    /// <summary>The MSBuild property that names the generated namespace; <c>RootNamespace</c> is used when it is empty.</summary>
    public const string NamespaceProperty = "build_property.ObjectQLNamespace";

    private const string DefaultNamespace = "ObjectQL.Generated";

    private static string ResolveNamespace(AnalyzerConfigOptions options)
    {
        if (options.TryGetValue(NamespaceProperty, out var configured) && IsNamespace(configured))
        {
            return configured.Trim();
        }
        if (options.TryGetValue("build_property.RootNamespace", out var root) && IsNamespace(root))
        {
            return root.Trim();
        }
        return DefaultNamespace;
    }

    private static bool IsNamespace(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }
        foreach (var part in value!.Trim().Split('.'))
        {
            if (!Names.IsValidName(part) || Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(part) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None)
            {
                return false;
            }
        }
        return true;
    }

    private static void ReportDiagnostics(SourceProductionContext context, EquatableArray<DiagnosticInfo> diagnostics)
    {
        foreach (var info in diagnostics)
        {
            context.ReportDiagnostic(ToDiagnostic(info));
        }
    }

    internal static Diagnostic ToDiagnostic(DiagnosticInfo info)
    {
        var span = info.Span;
        var location = Location.Create(
            span.Path,
            new TextSpan(span.Start, span.End - span.Start),
            new LinePositionSpan(new LinePosition(span.StartLine, span.StartColumn), new LinePosition(span.EndLine, span.EndColumn)));
        var arguments = new object[info.Arguments.Count];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = info.Arguments[i];
        }
        return Diagnostic.Create(DiagnosticDescriptors.Get(info.Id), location, arguments);
    }

    private static void EmitObject(SourceProductionContext context, (ObjectSpec Spec, EmitContext Emit) input)
    {
        var (spec, emit) = input;
        if (Contains(emit.SkippedObjectKeys, ProjectBinder.ObjectKey(spec.Span.Path, spec.Name)))
        {
            return;
        }
        var ns = emit.Namespace;
        context.AddSource(spec.ClassName + ".g.cs", EntityEmitter.Emit(spec, emit));
        context.AddSource(spec.ClassName + "Patch.g.cs", PatchEmitter.Emit(spec, ns));
        context.AddSource(spec.ClassName + "Repository.g.cs", RepositoryEmitter.Emit(spec, ns));
        context.AddSource(spec.ClassName + ".Json.g.cs", JsonEmitter.Emit(spec, ns));
    }

    private static void EmitSync(SourceProductionContext context, ((ObjectSpec Spec, EmitContext Emit) Object, bool SyncClient) input)
    {
        var ((spec, emit), syncClient) = input;
        if (!syncClient || Contains(emit.SkippedObjectKeys, ProjectBinder.ObjectKey(spec.Span.Path, spec.Name)))
        {
            return;
        }
        context.AddSource(spec.ClassName + ".Sync.g.cs", SyncEmitter.Emit(spec, emit.Namespace));
    }

    private static void EmitPermission(SourceProductionContext context, (PermissionSpec? Spec, EmitContext Emit) input)
    {
        var (spec, emit) = input;
        if (spec is null || !Contains(emit.ObjectsWithPermissions, spec.Object) || Contains(emit.SkippedPermissionPaths, spec.ObjectSpan.Path))
        {
            return;
        }
        context.AddSource(spec.ClassName + ".Permissions.g.cs", PermissionEmitter.Emit(spec, emit.Namespace));
    }

    private static void EmitProject(SourceProductionContext context, ProjectModel project)
    {
        context.AddSource("AppModel.g.cs", ProjectEmitter.EmitAppModel(project));
        context.AddSource("AppModelJsonContext.g.cs", ProjectEmitter.EmitJsonContext(project));
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
}

/// <summary>Names of the pipeline steps, for run-reason tests.</summary>
internal static class TrackingNames
{
    public const string Parse = nameof(Parse);
    public const string Namespace = nameof(Namespace);
    public const string Index = nameof(Index);
    public const string Bind = nameof(Bind);
    public const string EmitContext = nameof(EmitContext);
    public const string Objects = nameof(Objects);
    public const string Permissions = nameof(Permissions);
    public const string EmitObject = nameof(EmitObject);
    public const string EmitPermission = nameof(EmitPermission);
    public const string Project = nameof(Project);
    public const string SyncClient = nameof(SyncClient);
    public const string EmitSync = nameof(EmitSync);
}
