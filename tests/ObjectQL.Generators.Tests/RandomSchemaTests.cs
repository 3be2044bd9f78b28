using System.Text;
using Microsoft.CodeAnalysis;

namespace ObjectQL.Generators.Tests;

/// <summary>Random schemas built from awkward names and every field type: whatever raises no error must compile cleanly.</summary>
public class RandomSchemaTests
{
    private static readonly string[] Names =
    [
        "task", "event", "class", "object", "string", "default", "value", "record", "type", "int", "var", "async", "await",
        "get", "set", "partial", "dynamic", "global", "system", "nameof", "equals", "item", "items", "options", "info",
        "patch", "repository", "json_converter", "a", "b_c", "x1", "_under", "get_type", "to_string", "field", "list", "ref",
    ];

    private static readonly string[] Types =
    [
        "text", "textarea", "markdown", "html", "select", "date", "datetime", "time", "number", "currency", "percent", "boolean",
        "email", "phone", "url", "image", "file", "location", "lookup", "master_detail", "password", "formula", "summary",
        "auto_number", "object", "vector", "grid",
    ];

    private static readonly string[] OptionValues = ["low", "high", "1", "2.5", "\"3\"", "on-hold", "class", "Value1", "x.y", "\"\"", "Task"];

    public static IEnumerable<int> Seeds() => Enumerable.Range(0, 60);

    [TestCaseSource(nameof(Seeds))]
    public void Random_schema_without_errors_compiles_without_warnings(int seed)
    {
        var random = new Random(seed);
        var objectNames = Enumerable.Range(0, random.Next(1, 4)).Select(_ => Names[random.Next(Names.Length)]).Distinct().ToList();
        var files = objectNames.Select(name => ($"/p/{name}.object.yml", Schema(random, objectNames))).ToArray();
        var outcome = GeneratorHarness.Run(files);
        Assert.That(outcome.Result.Results.Single().Exception, Is.Null);
        var errors = outcome.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var compile = outcome.CompileDiagnostics().Select(d => d.ToString()).ToList();
        Assert.That(compile, Is.Empty, () => string.Join("\n---\n", files.Select(f => f.Item1 + "\n" + f.Item2)) + "\n" + string.Join("\n", errors));
    }

    private static string Schema(Random random, List<string> objects)
    {
        var builder = new StringBuilder("fields:\n");
        foreach (var name in Enumerable.Range(0, random.Next(1, 8)).Select(_ => Names[random.Next(Names.Length)]).Distinct())
        {
            var type = Types[random.Next(Types.Length)];
            builder.Append("  ").Append(name).Append(":\n    type: ").Append(type).Append('\n');
            if (random.Next(3) == 0)
            {
                builder.Append("    required: true\n");
            }
            var multiple = random.Next(4) == 0 && type is not ("formula" or "summary");
            if (multiple)
            {
                builder.Append("    multiple: true\n");
            }
            switch (type)
            {
                case "select":
                    var values = Enumerable.Range(0, random.Next(1, 5)).Select(_ => OptionValues[random.Next(OptionValues.Length)]).Distinct().ToList();
                    builder.Append("    options: [").Append(string.Join(", ", values)).Append("]\n");
                    if (random.Next(2) == 0)
                    {
                        var pick = values[random.Next(values.Count)];
                        builder.Append("    defaultValue: ").Append(multiple ? "[" + pick + "]" : pick).Append('\n');
                    }
                    break;
                case "lookup" or "master_detail":
                    builder.Append("    reference_to: ").Append(objects[random.Next(objects.Count)]).Append('\n');
                    break;
                case "formula":
                    builder.Append("    expression: \"1\"\n    data_type: ").Append(new[] { "text", "number", "boolean", "date", "currency", "time" }[random.Next(6)]).Append('\n');
                    break;
                case "number" or "percent" when random.Next(2) == 0 && !multiple:
                    builder.Append("    defaultValue: 1.5\n");
                    break;
                case "date" when random.Next(2) == 0 && !multiple:
                    builder.Append("    defaultValue: \"2026-02-28\"\n");
                    break;
                case "text" when random.Next(2) == 0:
                    builder.Append("    defaultValue: ").Append(multiple ? "[\"a\\\"b\", c]" : "\"quote \\\" and \\\\ backslash\"").Append('\n');
                    break;
            }
        }
        if (random.Next(2) == 0)
        {
            builder.Append("sync: { enabled: true, strategy: crdt }\n");
        }
        return builder.ToString();
    }
}
