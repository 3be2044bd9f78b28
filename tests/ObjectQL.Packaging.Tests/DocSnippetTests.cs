using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace ObjectQL.Packaging.Tests;

/// <summary>
/// The README's and the getting-started guide's C# snippets, with the object files their YAML snippets declare, build
/// in one new console project from the packed packages, so the first pages a newcomer reads cannot rot.
/// </summary>
public partial class DocSnippetTests
{
    private static readonly string[] Pages = ["README.md", "docs/getting-started.md"];

    [GeneratedRegex(@"^```(?<lang>\w*)\n(?<body>.*?)^```$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Fence();

    [GeneratedRegex(@"^# (?<path>\S+\.(object|permission)\.yml)")]
    private static partial Regex YamlPath();

    [GeneratedRegex(@"^using [A-Za-z_][\w.]*;")]
    private static partial Regex UsingDirective();

    [GeneratedRegex(@"<PackageReference Include=""(?<id>ObjectQL[\w.]*)"" Version=""(?<version>[^""]+)""")]
    private static partial Regex PackageReference();

    private static IEnumerable<(string Language, string Body)> Blocks(string page) =>
        Fence().Matches(File.ReadAllText(Path.Combine(PackageFixture.RepoRoot, page)).ReplaceLineEndings("\n"))
            .Select(m => (m.Groups["lang"].Value, m.Groups["body"].Value));

    [Test]
    public void Readme_and_getting_started_snippets_build_from_the_packed_packages()
    {
        var objects = new Dictionary<string, (string Page, string Text)>(StringComparer.Ordinal);
        var files = new List<(string Path, string Text)> { ("Program.cs", "Console.WriteLine(\"snippets\");\n") };
        foreach (var page in Pages)
        {
            var usings = new SortedSet<string>(StringComparer.Ordinal);
            var body = new StringBuilder();
            foreach (var (language, text) in Blocks(page))
            {
                if (language == "yaml" && YamlPath().Match(text) is { Success: true } path)
                {
                    var name = path.Groups["path"].Value;
                    if (objects.TryGetValue(name, out var seen))
                    {
                        Assert.That(text, Is.EqualTo(seen.Text), $"{page} and {seen.Page} show different contents for {name}");
                        continue;
                    }
                    objects[name] = (page, text);
                    files.Add((name, text));
                }
                else if (language == "csharp")
                {
                    foreach (var line in text.Split('\n'))
                    {
                        if (UsingDirective().IsMatch(line))
                        {
                            usings.Add(line);
                        }
                        else
                        {
                            body.AppendLine(line);
                        }
                    }
                }
            }
            // The blocks of one page run in order in one scope, as when pasted one after another into Program.cs.
            var type = Regex.Replace(Path.GetFileNameWithoutExtension(page), @"\W", "_") + "_Snippets";
            files.Add(($"{type}.cs", $"{string.Join('\n', usings)}\n\ninternal static class {type}\n{{\n    internal static async Task RunAsync()\n    {{\n{body}    }}\n}}\n"));
        }
        Assert.That(files.Count(f => f.Path.EndsWith(".cs", StringComparison.Ordinal)), Is.EqualTo(Pages.Length + 1));

        var directory = PackageFixture.NewProject("TodoApp", "  <PropertyGroup><OutputType>Exe</OutputType></PropertyGroup>\n", files, "ObjectQL", "ObjectQL.Sqlite");
        var result = PackageFixture.Run(directory, "dotnet", "build", "-nodeReuse:false", "--disable-build-servers");
        Assert.That(result.ExitCode, Is.Zero, result.Output);
    }

    [Test]
    public void Getting_started_references_the_packages_at_the_version_the_repository_packs()
    {
        var version = XDocument.Load(Path.Combine(PackageFixture.RepoRoot, "Directory.Build.props")).Descendants("Version").Single().Value;
        var references = Blocks("docs/getting-started.md").Where(b => b.Language == "xml")
            .SelectMany(b => PackageReference().Matches(b.Body)).Select(m => (m.Groups["id"].Value, m.Groups["version"].Value)).ToArray();
        Assert.That(references, Is.Not.Empty);
        Assert.That(references.Select(r => r.Item2), Has.All.EqualTo(version));
        Assert.That(references.Select(r => r.Item1), Is.SubsetOf(PackageFixture.PackageIds));
    }
}
