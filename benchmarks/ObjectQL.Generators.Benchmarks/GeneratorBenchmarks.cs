using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace ObjectQL.Generators.Benchmarks;

/// <summary>
/// Generator time for a project of 10 and of 200 object files (a cold run: parse, bind, emit everything),
/// and the incremental re-run after one of 200 files is edited (what an IDE pays per keystroke in a YAML file).
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);
    private readonly CSharpCompilation _compilation = CSharpCompilation.Create("Bench",
        [CSharpSyntaxTree.ParseText("public class Program { }", ParseOptions)],
        [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)],
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    private AdditionalText[] _ten = [];
    private AdditionalText[] _twoHundred = [];
    private GeneratorDriver _warm = null!;
    private AdditionalText _current = null!;
    private AdditionalText _other = null!;

    [GlobalSetup]
    public void Setup()
    {
        _ten = ObjectFiles.Create(10);
        _twoHundred = ObjectFiles.Create(200);
        _warm = CreateDriver(_twoHundred).RunGenerators(_compilation);
        _current = _twoHundred[100];
        _other = new Text(_current.Path, _current.GetText()!.ToString().Replace("label: Object 100", "label: Object 100 edited"));
        var sources = _warm.GetRunResult().Results.Single().GeneratedSources.Length;
        if (sources != 200 * 4 + 2)
        {
            throw new InvalidOperationException($"Expected {200 * 4 + 2} generated files, got {sources}.");
        }
    }

    [Benchmark(Description = "10 object files, cold")]
    public GeneratorDriver Cold10() => CreateDriver(_ten).RunGenerators(_compilation);

    [Benchmark(Description = "200 object files, cold")]
    public GeneratorDriver Cold200() => CreateDriver(_twoHundred).RunGenerators(_compilation);

    [Benchmark(Description = "200 object files, re-run after editing one")]
    public GeneratorDriver EditOneOf200()
    {
        // Alternate between two versions of one file so every call is a real edit of the previous state.
        _warm = _warm.ReplaceAdditionalText(_current, _other).RunGenerators(_compilation);
        (_current, _other) = (_other, _current);
        return _warm;
    }

    private static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> files) =>
        CSharpGeneratorDriver.Create([new ObjectQLGenerator().AsSourceGenerator()], files, ParseOptions, new Options());

    internal sealed class Text(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    private sealed class Options : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Global();

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => GlobalOptions;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => GlobalOptions;

        private sealed class Global : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, out string value)
            {
                value = "Bench.Model";
                return key == "build_property.ObjectQLNamespace";
            }
        }
    }
}

/// <summary>Realistic object files: text, select, lookup, date, currency fields, an index, a rule and a sync block.</summary>
internal static class ObjectFiles
{
    public static AdditionalText[] Create(int count) =>
        Enumerable.Range(0, count).Select(i => (AdditionalText)new GeneratorBenchmarks.Text($"/bench/Objects/object_{i}.object.yml", Yaml(i, count))).ToArray();

    private static string Yaml(int i, int count) => $"""
        label: Object {i}
        description: Benchmark object number {i}.
        fields:
          title: {"{"} type: text, required: true, validation: {"{"} max_length: 200 {"}"} {"}"}
          notes: {"{"} type: textarea {"}"}
          done: {"{"} type: boolean, defaultValue: false {"}"}
          status:
            type: select
            options: [planned, active, on_hold, done]
            defaultValue: planned
          due_date: {"{"} type: date {"}"}
          amount: {"{"} type: currency, precision: 12, scale: 2 {"}"}
          score: {"{"} type: number, min: 0, max: 100 {"}"}
          parent: {"{"} type: lookup, reference_to: object_{(i + 1) % count} {"}"}
          tags: {"{"} type: text, multiple: true {"}"}
        indexes:
          by_status: {"{"} fields: [status, due_date] {"}"}
        validation:
          rules:
            - name: status_flow
              type: state_machine
              field: status
              transitions: {"{"} planned: [active], active: [on_hold, done], on_hold: [active], done: [] {"}"}
        sync: {"{"} enabled: true, strategy: crdt, conflict_fields: [status] {"}"}
        """;
}
