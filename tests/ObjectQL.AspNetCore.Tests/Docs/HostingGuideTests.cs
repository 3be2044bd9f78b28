using System.Text.RegularExpressions;

namespace ObjectQL.AspNetCore.Tests.Docs;

/// <summary>The hosting guide's C# blocks are the compiled ones of <see cref="HostingGuideSnippets"/>, in order.</summary>
public sealed partial class HostingGuideTests
{
    [GeneratedRegex(@"^```csharp\n(?<body>.*?)^```$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    [GeneratedRegex(@"^[ \t]*// doc:begin\n(?<body>.*?)^[ \t]*// doc:end$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Region();

    private static string RepoRoot()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ObjectQL.slnx")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new DirectoryNotFoundException("No ObjectQL.slnx above the test directory.");
    }

    private static string Dedent(string text)
    {
        var lines = text.TrimEnd('\n').Split('\n');
        var indent = lines.Where(static l => l.Trim().Length > 0).Min(static l => l.Length - l.TrimStart().Length);
        return string.Join('\n', lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));
    }

    [Test]
    public void The_hosting_guide_shows_exactly_the_compiled_snippets()
    {
        var root = RepoRoot();
        var page = File.ReadAllText(Path.Combine(root, "docs/hosting/aspnetcore.md")).ReplaceLineEndings("\n");
        var source = File.ReadAllText(Path.Combine(root, "tests/ObjectQL.AspNetCore.Tests/Docs/HostingGuideSnippets.cs")).ReplaceLineEndings("\n");

        var shown = CSharpBlock().Matches(page).Select(m => Dedent(m.Groups["body"].Value)).ToArray();
        var compiled = Region().Matches(source).Select(m => Dedent(m.Groups["body"].Value)).ToArray();

        Assert.That(shown, Has.Length.GreaterThan(0));
        Assert.That(shown, Is.EqualTo(compiled));
    }
}
