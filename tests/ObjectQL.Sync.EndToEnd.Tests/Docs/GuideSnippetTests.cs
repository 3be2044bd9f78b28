using System.Text.RegularExpressions;

namespace ObjectQL.Sync.EndToEnd.Tests.Docs;

/// <summary>
/// Every C# block of the offline-sync and conflict guides compiles: each is found, line for line, in code this solution
/// builds (the main example's sources, or <see cref="ConflictGuideSnippets"/>).
/// </summary>
public sealed partial class GuideSnippetTests
{
    [GeneratedRegex(@"^```csharp\n(?<body>.*?)^```$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    [TestCase("offline-sync.md", "examples/TodoSync", 2)]
    [TestCase("conflict-resolution.md", "tests/ObjectQL.Sync.EndToEnd.Tests/Docs", 2)]
    public void Every_csharp_block_of_the_guide_is_in_compiled_code(string page, string codeFolder, int blocks)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "ObjectQL.slnx")))
        {
            root = root.Parent;
        }
        Assert.That(root, Is.Not.Null, "repository root");
        var text = File.ReadAllText(Path.Combine(root!.FullName, "docs", page)).ReplaceLineEndings("\n");
        var compiled = string.Join('\n', Directory.GetFiles(Path.Combine(root.FullName, codeFolder), "*.cs").Order(StringComparer.Ordinal)
            .SelectMany(file => Lines(File.ReadAllText(file))));
        var found = CSharpBlock().Matches(text).Select(m => m.Groups["body"].Value).ToList();
        Assert.That(found, Has.Count.EqualTo(blocks));
        foreach (var block in found)
        {
            Assert.That(compiled, Does.Contain(string.Join('\n', Lines(block))), block);
        }
    }

    private static IEnumerable<string> Lines(string text) =>
        text.ReplaceLineEndings("\n").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0);
}
