extern alias Runtime;
extern alias Sync;

using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace ObjectQL.Generators.Tests;

/// <summary>Runs the generator in memory over YAML files and compiles what it produces against the runtime.</summary>
internal static class GeneratorHarness
{
    public const string Namespace = "Acme.App";

    /// <summary>What <c>ImplicitUsings</c> adds to a console project, so name clashes (Task, Thread, File) show up here.</summary>
    public const string ImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    // Diagnose mode reports missing XML docs (CS1591) in the generated public API too.
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    public static readonly ImmutableArray<MetadataReference> References =
        [.. Net100.References.All, MetadataReference.CreateFromFile(typeof(Runtime::ObjectQL.Record).Assembly.Location)];

    /// <summary>The runtime and the sync client: what a project with synced objects references.</summary>
    public static readonly ImmutableArray<MetadataReference> SyncReferences =
        [.. References, MetadataReference.CreateFromFile(typeof(Sync::ObjectQL.Sync.Client.SyncClient).Assembly.Location)];

    public static string TestsDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    public static CSharpCompilation CreateCompilation(params string[] sources) => CreateCompilation(withSyncClient: true, sources);

    public static CSharpCompilation CreateCompilation(bool withSyncClient, params string[] sources) =>
        CSharpCompilation.Create(
            "Consumer",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, $"Source{i}.cs")),
            withSyncClient ? SyncReferences : References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> files, string? ns = Namespace) =>
        CSharpGeneratorDriver.Create(
            [new ObjectQLGenerator().AsSourceGenerator()],
            files,
            ParseOptions,
            new OptionsProvider(ns),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator once over <paramref name="files"/> (path, text).</summary>
    public static RunOutcome Run(params (string Path, string Text)[] files) => Run(Namespace, files);

    public static RunOutcome Run(string? ns, params (string Path, string Text)[] files) => Run(ns, withSyncClient: true, files);

    /// <summary>Runs the generator once; <paramref name="withSyncClient"/> says whether the project references the sync client.</summary>
    public static RunOutcome Run(string? ns, bool withSyncClient, params (string Path, string Text)[] files)
    {
        var compilation = CreateCompilation(withSyncClient, ImplicitUsings);
        var driver = CreateDriver(files.Select(f => (AdditionalText)new InMemoryText(f.Path, f.Text)), ns);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return new RunOutcome(driver.GetRunResult(), output, diagnostics);
    }

    /// <summary>The YAML files of a baseline case.</summary>
    public static (string Path, string Text)[] CaseFiles(string directory) =>
        Directory.GetFiles(directory, "*.yml")
            .Order(StringComparer.Ordinal)
            .Select(p => ("/project/Objects/" + Path.GetFileName(p), File.ReadAllText(p).ReplaceLineEndings("\n")))
            .ToArray();
}

/// <summary>The generator's run result and the compilation with its output.</summary>
internal sealed record RunOutcome(GeneratorDriverRunResult Result, Compilation Compilation, ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    public IReadOnlyList<Diagnostic> Diagnostics => Result.Diagnostics;

    public IReadOnlyList<GeneratedSourceResult> Sources => Result.Results.Single().GeneratedSources;

    public string Source(string hintName) => Sources.Single(s => s.HintName == hintName).SourceText.ToString();

    /// <summary>Errors and warnings of compiling the generated code with the runtime.</summary>
    public IReadOnlyList<Diagnostic> CompileDiagnostics() =>
        Compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
}

internal sealed class InMemoryText(string path, string text) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(text);

    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}

internal sealed class OptionsProvider(string? ns) : AnalyzerConfigOptionsProvider
{
    public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(ns);

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;

    private sealed class Options(string? ns) : AnalyzerConfigOptions
    {
        public static readonly Options Empty = new(null);

        public override bool TryGetValue(string key, out string value)
        {
            value = ns ?? "";
            return ns is not null && key == "build_property.ObjectQLNamespace";
        }
    }
}
