using System.Text.RegularExpressions;

namespace ObjectQL.Remote.Tests;

/// <summary>docs/remote.md shows only code that compiles: each of its C# blocks is in <see cref="DocSnippets"/>, line for line.</summary>
public sealed partial class DocSnippetTests
{
    [GeneratedRegex(@"^```csharp\n(?<body>.*?)^```$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    [Test]
    public void Every_csharp_block_of_the_page_compiles_in_the_snippets_file()
    {
        var root = RepositoryRoot();
        var page = File.ReadAllText(Path.Combine(root, "docs", "remote.md")).ReplaceLineEndings("\n");
        var compiled = Lines(File.ReadAllText(Path.Combine(root, "tests", "ObjectQL.Remote.Tests", "DocSnippets.cs")));
        var joined = string.Join('\n', compiled);
        var blocks = CSharpBlock().Matches(page).Select(static m => m.Groups["body"].Value).ToArray();
        Assert.That(blocks, Has.Length.GreaterThanOrEqualTo(4));
        foreach (var block in blocks)
        {
            var lines = Lines(block);
            Assert.That(lines.Where(static l => l.StartsWith("using ", StringComparison.Ordinal) && !l.Contains('(')), Is.SubsetOf(compiled), block);
            var code = string.Join('\n', lines.Where(static l => !l.StartsWith("using ", StringComparison.Ordinal) || l.Contains('(')));
            Assert.That(joined, Does.Contain(code), "docs/remote.md shows a block that DocSnippets.cs does not compile");
        }
    }

    private static string[] Lines(string text) =>
        text.ReplaceLineEndings("\n").Split('\n').Select(static l => l.Trim()).Where(static l => l.Length > 0).ToArray();

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ObjectQL.slnx")))
            {
                return directory.FullName;
            }
        }
        throw new DirectoryNotFoundException("No ObjectQL.slnx above the test directory.");
    }
}
