using System.Text.RegularExpressions;

namespace ObjectQL.Tests.Docs;

/// <summary>
/// docs/computed-fields.md: every C# block appears, line for line, in the consumer test that compiles and runs it
/// (tests/ObjectQL.Consumer.Tests/ComputedFieldsGuideTests.cs, built against the generator like a user's project).
/// </summary>
public sealed partial class ComputedFieldsGuideTests
{
    [GeneratedRegex(@"^```csharp\n(?<body>.*?)^```$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    [Test]
    public void Every_csharp_block_of_the_guide_is_compiled_by_the_consumer_tests()
    {
        var root = TestContext.CurrentContext.TestDirectory;
        while (!File.Exists(Path.Combine(root, "ObjectQL.slnx")))
        {
            root = Path.GetDirectoryName(root) ?? throw new DirectoryNotFoundException("No ObjectQL.slnx above the test directory.");
        }
        var page = File.ReadAllText(Path.Combine(root, "docs", "computed-fields.md")).ReplaceLineEndings("\n");
        var joined = string.Join('\n', Lines(File.ReadAllText(Path.Combine(root, "tests", "ObjectQL.Consumer.Tests", "ComputedFieldsGuideTests.cs"))));
        var blocks = CSharpBlock().Matches(page).Select(static m => m.Groups["body"].Value).ToArray();
        Assert.That(blocks, Has.Length.GreaterThanOrEqualTo(4));
        foreach (var block in blocks)
        {
            Assert.That(joined, Does.Contain(string.Join('\n', Lines(block))), "docs/computed-fields.md shows a block the consumer tests do not compile");
        }
    }

    private static string[] Lines(string text) =>
        text.ReplaceLineEndings("\n").Split('\n').Select(static l => l.Trim()).Where(static l => l.Length > 0).ToArray();
}
