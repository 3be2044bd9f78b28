using System.Text;
using Microsoft.CodeAnalysis;

namespace ObjectQL.Generators.Tests;

/// <summary>No input crashes the generator: random bytes, random YAML fragments and mutated valid files.</summary>
public class GarbageInputTests
{
    private static readonly string[] Tokens =
    [
        "fields:", "name:", "type:", "text", "select", "lookup", "options:", "reference_to:", "defaultValue:", "validation:",
        "rules:", "sync:", "strategy:", "crdt", "indexes:", "object:", "record_rules:", "condition:", "expression:", "and", "or",
        "- ", "[", "]", "{", "}", ",", ":", " ", "  ", "\n", "\n  ", "\n    ", "\t", "&a ", "*a", "!!str ", "!!map ", "'", "\"",
        "|", ">", "#", "---", "...", "~", "null", "true", "1e999", "-0", "0x1F", "é", "\u0000", "\uFFFF", "\\", "%YAML 1.2", "? ",
        "<<: *a", "9", "_", "$current_user.id", "task", "class", "default",
    ];

    private static readonly string Valid = File.ReadAllText(Path.Combine(GeneratorHarness.TestsDirectory(), "Baselines", "TodoSample", "todo_item.object.yml"));

    public static IEnumerable<TestCaseData> Batches() => Enumerable.Range(0, 10).Select(i => new TestCaseData(i).SetName($"Garbage_batch_{i}_never_crashes_the_generator"));

    [TestCaseSource(nameof(Batches))]
    public void Garbage_never_crashes_the_generator(int seed)
    {
        var random = new Random(seed);
        var compilation = GeneratorHarness.CreateCompilation(GeneratorHarness.ImplicitUsings);
        for (var i = 0; i < 60; i++)
        {
            var files = Enumerable.Range(0, random.Next(1, 4)).Select(n => MakeFile(random, n)).ToArray();
            var driver = GeneratorHarness.CreateDriver(files.Select(f => (AdditionalText)new InMemoryText(f.Path, f.Text)));
            var result = driver.RunGenerators(compilation).GetRunResult();
            var crash = result.Results.Single().Exception;
            Assert.That(crash, Is.Null, () => $"seed {seed} case {i}: {crash}\n{string.Join("\n---\n", files.Select(f => f.Path + "\n" + f.Text))}");
            Assert.That(result.Diagnostics.Where(d => d.Id.StartsWith("CS", StringComparison.Ordinal)), Is.Empty);
        }
    }

    [Test]
    public void Mutated_valid_files_that_raise_no_errors_generate_code_that_compiles()
    {
        var random = new Random(42);
        var compiled = 0;
        for (var i = 0; i < 150 && compiled < 25; i++)
        {
            var text = Mutate(random, Valid);
            var outcome = GeneratorHarness.Run(("/p/todo_item.object.yml", text), ("/p/user.object.yml", "fields:\n  name: { type: text }\n"), ("/p/project.object.yml", "fields:\n  name: { type: text }\n"));
            Assert.That(outcome.Result.Results.Single().Exception, Is.Null);
            if (outcome.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                continue;
            }
            compiled++;
            Assert.That(outcome.CompileDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()), Is.Empty, text);
        }
        Assert.That(compiled, Is.GreaterThan(0));
    }

    private static (string Path, string Text) MakeFile(Random random, int n)
    {
        var kind = random.Next(4);
        var suffix = random.Next(5) == 0 ? ".permission.yml" : ".object.yml";
        var name = random.Next(6) == 0 ? "9bad-" + n : "obj" + n;
        var text = kind switch
        {
            0 => RandomBytes(random),
            1 => RandomTokens(random),
            _ => Mutate(random, Valid),
        };
        return ($"/p/{name}{suffix}", text);
    }

    private static string RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 400)];
        random.NextBytes(bytes);
        return random.Next(2) == 0 ? Encoding.UTF8.GetString(bytes) : Encoding.Latin1.GetString(bytes);
    }

    private static string RandomTokens(Random random)
    {
        var builder = new StringBuilder();
        for (var i = random.Next(1, 120); i > 0; i--)
        {
            builder.Append(Tokens[random.Next(Tokens.Length)]);
        }
        return builder.ToString();
    }

    private static string Mutate(Random random, string text)
    {
        var builder = new StringBuilder(text);
        for (var i = random.Next(1, 6); i > 0 && builder.Length > 0; i--)
        {
            var at = random.Next(builder.Length);
            switch (random.Next(3))
            {
                case 0: builder.Remove(at, Math.Min(random.Next(1, 12), builder.Length - at)); break;
                case 1: builder.Insert(at, Tokens[random.Next(Tokens.Length)]); break;
                default: builder[at] = (char)random.Next(32, 127); break;
            }
        }
        return builder.ToString();
    }
}
