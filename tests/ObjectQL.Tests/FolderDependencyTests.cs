using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;

namespace ObjectQL.Tests;

/// <summary>
/// The dependency direction of the core's folders (docs/architecture.md, "Folder dependencies"), read from the source of
/// libs/ObjectQL: which folder's types each file names in its code (comments and string literals do not count).
/// </summary>
public partial class FolderDependencyTests
{
    // Bottom first: a folder may name the types of the folders before it, never those of the folders after it.
    private static readonly string[] Layers =
    [
        "Runtime", "Errors", "Metadata", "Values", "Records", "Entities", "Querying", "Observability", "Drivers",
        "Security", "Validation", "Repositories", "Hooks", "Changes", "Pipeline",
    ];

    // The names against the direction: a unique-conflict error words a duplicate id differently, so Errors names the
    // system field constants (which depend on nothing); computed-field definitions carry what the generator compiled: a delegate over records, a summary's filter and function.
    private static readonly (string Folder, string Type)[] Exceptions =
        [("Errors", "SystemFields"), ("Metadata", "Record"), ("Metadata", "Filter"), ("Metadata", "AggregateFunction")];

    private static readonly string[] ConcreteSession = ["ObjectQLSession", "ObjectQLDatabase", "ObjectRepository"];

    private static readonly Lazy<Source> Core = new(Source.Read);

    [Test]
    public void Every_folder_of_the_core_has_its_place_in_the_layers()
    {
        Assert.That(Core.Value.Files.Select(static f => f.Folder).Distinct(), Is.SubsetOf(Layers));
    }

    [Test]
    public void Every_folder_names_only_types_of_the_folders_below_it()
    {
        var source = Core.Value;
        var violations = new List<string>();
        foreach (var file in source.Files)
        {
            foreach (var (type, folder) in file.NamedTypes(source))
            {
                if (Array.IndexOf(Layers, folder) > Array.IndexOf(Layers, file.Folder) && !Exceptions.Contains((file.Folder, type)))
                {
                    violations.Add($"{file.Path} names {type} of {folder}/");
                }
            }
        }
        Assert.Multiple(() =>
        {
            // The scan sees references at all: validation evaluates rule conditions with the security folder's code.
            Assert.That(source.Files.Where(static f => f.Folder == "Validation").SelectMany(f => f.NamedTypes(source)),
                Does.Contain(("Conditions", "Security")));
            Assert.That(violations, Is.Empty);
        });
    }

    [Test]
    public void Validation_hooks_changes_security_and_repositories_do_not_name_the_concrete_session_or_database()
    {
        var source = Core.Value;
        var named = source.Files
            .Where(static f => f.Folder is "Validation" or "Hooks" or "Changes" or "Security" or "Repositories")
            .SelectMany(f => f.NamedTypes(source).Where(static t => ConcreteSession.Contains(t.Type)).Select(t => $"{f.Path} names {t.Type}"))
            .ToList();
        Assert.Multiple(() =>
        {
            Assert.That(source.Declarations.Keys, Is.SupersetOf(ConcreteSession));
            Assert.That(named, Is.Empty);
        });
    }

    [Test]
    public void Every_file_is_in_its_folders_namespace_or_in_the_root_with_public_types_only()
    {
        var misplaced = new List<string>();
        foreach (var file in Core.Value.Files)
        {
            var space = Namespace().Match(file.Code).Groups["name"].Value;
            var folderSpace = "ObjectQL." + System.IO.Path.GetDirectoryName(file.Path)!.Replace('/', '.');
            var hidden = Declaration().Matches(file.Code).Where(static m => !m.Groups["modifiers"].Value.Contains("public", StringComparison.Ordinal)
                && !m.Groups["modifiers"].Value.Contains("private", StringComparison.Ordinal));
            if (space == "ObjectQL" ? hidden.Any() : space != folderSpace)
            {
                misplaced.Add($"{file.Path} (namespace {space})");
            }
        }
        Assert.That(misplaced, Is.Empty);
    }

    private sealed record Source(IReadOnlyList<SourceFile> Files, IReadOnlyDictionary<string, string> Declarations)
    {
        public static Source Read()
        {
            var root = Path.GetFullPath(Path.Combine(TestsDirectory(), "..", "..", "libs", "ObjectQL"));
            var files = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
                .Select(path => Path.GetRelativePath(root, path).Replace('\\', '/'))
                .Where(static path => path.Contains('/', StringComparison.Ordinal) && !path.StartsWith("obj/", StringComparison.Ordinal)
                    && !path.StartsWith("bin/", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .Select(path => new SourceFile(path, path[..path.IndexOf('/', StringComparison.Ordinal)], CodeOnly(File.ReadAllText(Path.Combine(root, path)))))
                .ToList();
            var declarations = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var file in files)
            {
                foreach (Match match in Declaration().Matches(file.Code))
                {
                    if (match.Groups["modifiers"].Value.Contains("private", StringComparison.Ordinal))
                    {
                        continue;
                    }
                    var name = match.Groups["name"].Value;
                    if (declarations.TryGetValue(name, out var other) && other != file.Folder)
                    {
                        throw new InvalidOperationException($"{name} is declared in {other}/ and {file.Folder}/; the scan needs one folder per type name.");
                    }
                    declarations[name] = file.Folder;
                }
            }
            return new Source(files, declarations);
        }

        private static string TestsDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
    }

    private sealed record SourceFile(string Path, string Folder, string Code)
    {
        // The types of other folders this file names, with their folders.
        public IEnumerable<(string Type, string Folder)> NamedTypes(Source source) =>
            Identifier().Matches(Code).Select(static m => m.Value).Distinct(StringComparer.Ordinal)
                .Select(name => (Type: name, Folder: source.Declarations.GetValueOrDefault(name)))
                .Where(t => t.Folder is not null && t.Folder != Folder)
                .Select(static t => (t.Type, t.Folder!));
    }

    // The code of a C# file without comments and without the text of string and character literals.
    private static string CodeOnly(string source)
    {
        var code = new StringBuilder(source.Length);
        var i = 0;
        while (i < source.Length)
        {
            var c = source[i];
            var next = i + 1 < source.Length ? source[i + 1] : '\0';
            if (c == '/' && next == '/')
            {
                i = End(source.IndexOf('\n', i), source);
            }
            else if (c == '/' && next == '*')
            {
                i = End(source.IndexOf("*/", i + 2, StringComparison.Ordinal), source) + 2;
            }
            else if (c == '"')
            {
                i = SkipString(source, i);
                code.Append("\"\"");
            }
            else if (c == '\'')
            {
                i = source[i + 1] == '\\' ? source.IndexOf('\'', i + 3) + 1 : i + 3;
                code.Append("' '");
            }
            else
            {
                code.Append(c);
                i++;
            }
        }
        return code.ToString();
    }

    private static int End(int index, string source) => index < 0 ? source.Length : index;

    private static int SkipString(string source, int start)
    {
        var quotes = 0;
        while (start + quotes < source.Length && source[start + quotes] == '"')
        {
            quotes++;
        }
        if (quotes >= 3)
        {
            return End(source.IndexOf(new string('"', quotes), start + quotes, StringComparison.Ordinal), source) + quotes;
        }
        var verbatim = start > 0 && (source[start - 1] == '@' || (start > 1 && source[start - 1] == '$' && source[start - 2] == '@'));
        var i = start + 1;
        while (i < source.Length)
        {
            if (source[i] == '\\' && !verbatim)
            {
                i += 2;
            }
            else if (source[i] == '"' && verbatim && i + 1 < source.Length && source[i + 1] == '"')
            {
                i += 2;
            }
            else if (source[i] == '"')
            {
                return i + 1;
            }
            else
            {
                i++;
            }
        }
        return i;
    }

    [GeneratedRegex(@"(?<modifiers>(?:\b(?:public|internal|private|protected|file|sealed|static|abstract|readonly|partial|ref|unsafe|new)\s+)*)\b(?:class|interface|struct|enum|record|delegate\s+[\w<>?,\[\]]+)\s+(?<name>[A-Z]\w*)")]
    private static partial Regex Declaration();

    [GeneratedRegex(@"^namespace (?<name>[\w.]+);", RegexOptions.Multiline)]
    private static partial Regex Namespace();

    [GeneratedRegex(@"(?<![\w@])[A-Z]\w*")]
    private static partial Regex Identifier();
}
