using System.Text.RegularExpressions;

namespace ObjectQL.Sync.Client.Tests;

public sealed partial class DocSnippetTests
{
    [GeneratedRegex(@"^```csharp\n(?<body>.*?)^```$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    [Test]
    public void Every_csharp_block_of_the_sync_client_guide_compiles_in_the_tests()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "ObjectQL.slnx")))
        {
            root = root.Parent;
        }
        Assert.That(root, Is.Not.Null, "repository root");
        var page = File.ReadAllText(Path.Combine(root!.FullName, "docs", "sync-client.md")).ReplaceLineEndings("\n");
        var compiled = string.Join('\n', Lines(File.ReadAllText(Path.Combine(root.FullName, "tests", "ObjectQL.Sync.Client.Tests", "DocSnippets.cs"))));
        var blocks = CSharpBlock().Matches(page).Select(m => m.Groups["body"].Value).ToList();
        Assert.That(blocks, Has.Count.EqualTo(8));
        foreach (var block in blocks)
        {
            Assert.That(compiled, Does.Contain(string.Join('\n', Lines(block))), block);
        }
    }

    private static IEnumerable<string> Lines(string text) =>
        text.ReplaceLineEndings("\n").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0);
}
