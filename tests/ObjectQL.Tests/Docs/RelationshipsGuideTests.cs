using System.Text.RegularExpressions;
using ObjectQL.Drivers.Memory;
using ObjectQL.Metadata;
using static ObjectQL.Testing.TestModels;

namespace ObjectQL.Tests.Docs;

/// <summary>
/// docs/relationships.md: its C# blocks are exactly the regions of <see cref="RelationshipsGuideSnippets"/> and, last, the
/// typed one of tests/ObjectQL.Consumer.Tests/TypedIncludeTests.cs; those of this project run here.
/// </summary>
public sealed partial class RelationshipsGuideTests
{
    /// <summary>The guide's objects, as its YAML declares them.</summary>
    internal static ObjectModel Model { get; } = new(
    [
        Object("company", Field("name", FieldType.Text) with { Required = true }),
        Object("person",
            Field("name", FieldType.Text) with { Required = true },
            Field("company", FieldType.Lookup) with { ReferenceTo = "company" }),
        Object("project",
            Field("name", FieldType.Text) with { Required = true },
            Field("company", FieldType.MasterDetail) with { ReferenceTo = "company", Required = true }),
        Object("task",
            Field("title", FieldType.Text) with { Required = true },
            Field("project", FieldType.MasterDetail) with { ReferenceTo = "project", Required = true },
            Field("assignees", FieldType.Lookup) with { ReferenceTo = "person", Multiple = true }),
        Object("contract",
            Field("title", FieldType.Text),
            Field("company", FieldType.Lookup) with { ReferenceTo = "company", DeleteBehavior = DeleteBehavior.Restrict }),
    ]);

    [GeneratedRegex(@"^```csharp\n(?<body>.*?)^```$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    [GeneratedRegex(@"// doc:begin\n(?<body>.*?)// doc:end", RegexOptions.Singleline)]
    private static partial Regex Region();

    // Each block and each region as its trimmed, non-empty lines: indentation differs between a page and a method body.
    private static string Normalized(string text) =>
        string.Join('\n', text.ReplaceLineEndings("\n").Split('\n').Select(static l => l.Trim()).Where(static l => l.Length > 0));

    [Test]
    public void The_guide_shows_exactly_the_compiled_snippets()
    {
        var root = TestContext.CurrentContext.TestDirectory;
        while (!File.Exists(Path.Combine(root, "ObjectQL.slnx")))
        {
            root = Path.GetDirectoryName(root) ?? throw new DirectoryNotFoundException("No ObjectQL.slnx above the test directory.");
        }
        var page = File.ReadAllText(Path.Combine(root, "docs", "relationships.md")).ReplaceLineEndings("\n");
        // The typed snippet needs generated entities, so it is compiled in the consumer project; it is the guide's last block.
        var sources = File.ReadAllText(Path.Combine(root, "tests", "ObjectQL.Tests", "Docs", "RelationshipsGuideSnippets.cs"))
            + File.ReadAllText(Path.Combine(root, "tests", "ObjectQL.Consumer.Tests", "TypedIncludeTests.cs"));
        var shown = CSharpBlock().Matches(page).Select(static m => Normalized(m.Groups["body"].Value)).ToArray();
        var compiled = Region().Matches(sources.ReplaceLineEndings("\n")).Select(static m => Normalized(m.Groups["body"].Value)).ToArray();
        Assert.That(shown, Has.Length.EqualTo(4));
        Assert.That(shown, Is.EqualTo(compiled));
    }

    [Test]
    public async Task The_snippets_do_what_the_guide_says()
    {
        await using var db = await ObjectQLDatabase.OpenAsync(new MemoryDriver(), Model);
        await db.Object("company").CreateManyAsync([new Record { ["id"] = "acme", ["name"] = "Acme" }, new Record { ["id"] = "globex", ["name"] = "Globex" }]);
        await db.Object("person").CreateManyAsync([new Record { ["id"] = "ann", ["name"] = "Ann", ["company"] = "acme" }, new Record { ["id"] = "bob", ["name"] = "Bob" }]);
        await db.Object("project").CreateAsync(new Record { ["id"] = "p1", ["name"] = "Rocket", ["company"] = "acme" });
        await db.Object("task").CreateAsync(new Record { ["title"] = "Fuel", ["project"] = "p1", ["assignees"] = new[] { "bob", "ann" } });

        Assert.That(await RelationshipsGuideSnippets.RefusedReferenceAsync(db), Is.EqualTo("company"));
        var expanded = await RelationshipsGuideSnippets.ExpandAsync(db);
        Assert.That(expanded.Select(static r => (string?)r["name"]), Is.EqualTo(new[] { "Rocket", "Acme", "Bob", "Ann" }));
        var query = RelationshipsGuideSnippets.JsonExpand(db);
        Assert.That(query.Expand.Single().Where, Is.EqualTo(new Querying.Filter.Comparison("name", Querying.FilterOperator.Ne, "Dam")));
    }
}
