namespace ObjectQL.Cloudflare.Tests;

/// <summary>docs/hosting/cloudflare.md's C# snippet is DocSnippet.cs, which this project compiles: the page cannot rot.</summary>
public sealed class DocSnippetTests
{
    [Test]
    public void The_setup_snippet_of_the_hosting_page_is_the_compiled_one()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "ObjectQL.slnx")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("The repository root was not found.");
        }
        var page = File.ReadAllText(Path.Combine(root, "docs", "hosting", "cloudflare.md")).ReplaceLineEndings("\n");
        var start = page.IndexOf("```csharp\n", StringComparison.Ordinal) + "```csharp\n".Length;
        var end = page.IndexOf("   ```", start, StringComparison.Ordinal);
        var snippet = string.Join('\n', page[start..end].Split('\n').Select(static line => line.StartsWith("   ", StringComparison.Ordinal) ? line[3..] : line));
        var compiled = File.ReadAllText(Path.Combine(root, "tests", "ObjectQL.Cloudflare.Tests", "DocSnippet.cs")).ReplaceLineEndings("\n");
        Assert.That(snippet, Is.EqualTo(compiled));
    }
}
