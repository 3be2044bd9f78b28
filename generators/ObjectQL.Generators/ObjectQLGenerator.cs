using Microsoft.CodeAnalysis;
using ObjectQL.Generators.Emit;
using ObjectQL.Generators.Models;
using ObjectQL.Generators.Parsing;

namespace ObjectQL.Generators;

/// <summary>Turns <c>*.object.yml</c> and <c>*.permission.yml</c> additional files into typed entities, patches, repositories and the model registry.</summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class ObjectQLGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // One pipeline item per file, filtered by path before any text is read.
        var files = context.AdditionalTextsProvider
            .Where(static text => FileParser.IsMetadataFile(text.Path))
            .Select(static (text, ct) => FileParser.Parse(text.Path, text.GetText(ct)?.ToString(), ct))
            .WithTrackingName(TrackingNames.Parse);

        var ns = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => ResolveNamespace(options.GlobalOptions))
            .WithTrackingName(TrackingNames.Namespace);

        // Only the small index is collected; full models stay per file.
        var bound = files.Select(static (file, _) => FileParser.ToIndex(file)).WithTrackingName(TrackingNames.Index)
            .Collect()
            .Combine(ns)
            .Select(static (pair, _) => ProjectBinder.Bind(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.Bind);
        var emitContext = bound.Select(static (b, _) => b.Context).WithTrackingName(TrackingNames.EmitContext);

        var objects = files.SelectMany(static (file, _) => file.Objects)
            .Select(static (spec, _) => spec.WithoutPositions()).WithTrackingName(TrackingNames.Objects);
        var permissions = files.Select(static (file, _) => file.Permission?.WithoutPositions())
            .Where(static p => p is not null).WithTrackingName(TrackingNames.Permissions);

        // A bool, so edits of the user's code leave the sync outputs cached.
        var syncClient = context.CompilationProvider
            .Select(static (compilation, _) => compilation.GetTypeByMetadataName(SyncEmitter.MarkerType) is not null)
            .WithTrackingName(TrackingNames.SyncClient);

        context.RegisterSourceOutput(files.Select(static (file, _) => file.Diagnostics), ReportDiagnostics);
        context.RegisterSourceOutput(bound.Select(static (b, _) => b.Diagnostics), ReportDiagnostics);
        context.RegisterSourceOutput(objects.Combine(emitContext).WithTrackingName(TrackingNames.EmitObject), EmitObject);
        context.RegisterSourceOutput(objects.Where(static spec => SyncEmitter.Applies(spec)).Combine(emitContext).Combine(syncClient)
            .WithTrackingName(TrackingNames.EmitSync), EmitSync);
        context.RegisterSourceOutput(permissions.Combine(emitContext).WithTrackingName(TrackingNames.EmitPermission), EmitPermission);
        context.RegisterSourceOutput(bound.Select(static (b, _) => b.Project).WithTrackingName(TrackingNames.Project), EmitProject);
    }
}
