using Microsoft.CodeAnalysis;

namespace ObjectQL.Generators.Tests;

/// <summary>
/// Full-output snapshots: each directory under Baselines/ holds YAML inputs and expected/&lt;HintName&gt;.g.cs.
/// Set OBJECTQL_UPDATE_BASELINES=1 to rewrite the expected files after an intended change.
/// </summary>
public class BaselineTests
{
    private static readonly string Root = Path.Combine(GeneratorHarness.TestsDirectory(), "Baselines");

    private static bool Update => Environment.GetEnvironmentVariable("OBJECTQL_UPDATE_BASELINES") == "1";

    public static IEnumerable<string> Cases() =>
        Directory.GetDirectories(Path.Combine(GeneratorHarness.TestsDirectory(), "Baselines")).Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    [TestCaseSource(nameof(Cases))]
    public void Generated_files_match_the_baseline(string name)
    {
        var directory = Path.Combine(Root, name);
        var outcome = GeneratorHarness.Run(GeneratorHarness.CaseFiles(directory));
        var expectedDirectory = Path.Combine(directory, "expected");
        var actual = outcome.Sources.ToDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal);
        if (Update)
        {
            if (Directory.Exists(expectedDirectory))
            {
                Directory.Delete(expectedDirectory, recursive: true);
            }
            Directory.CreateDirectory(expectedDirectory);
            foreach (var (hint, text) in actual)
            {
                File.WriteAllText(Path.Combine(expectedDirectory, hint), text);
            }
        }
        var expected = Directory.Exists(expectedDirectory)
            ? Directory.GetFiles(expectedDirectory).ToDictionary(f => Path.GetFileName(f), f => File.ReadAllText(f).ReplaceLineEndings("\n"), StringComparer.Ordinal)
            : [];
        Assert.That(actual.Keys.Order(StringComparer.Ordinal), Is.EqualTo(expected.Keys.Order(StringComparer.Ordinal)), "the set of generated files");
        foreach (var (hint, text) in expected)
        {
            Assert.That(actual[hint], Is.EqualTo(text), $"{name}/expected/{hint}");
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void Baseline_inputs_produce_no_diagnostics_and_compile_without_warnings(string name)
    {
        var outcome = GeneratorHarness.Run(GeneratorHarness.CaseFiles(Path.Combine(Root, name)));
        Assert.That(outcome.Diagnostics.Select(d => d.ToString()), Is.Empty);
        Assert.That(outcome.CompileDiagnostics().Select(d => d.ToString()), Is.Empty);
    }
}
