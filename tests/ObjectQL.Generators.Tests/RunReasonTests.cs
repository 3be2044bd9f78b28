using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ObjectQL.Generators.Tests;

/// <summary>Caching: unrelated edits re-run nothing, a YAML edit re-runs only its own object.</summary>
public class RunReasonTests
{
    private static readonly (string Path, string Text)[] Files =
    [
        ("/p/todo_item.object.yml", "fields:\n  title: { type: text, required: true }\n  owner: { type: lookup, reference_to: user }\n"),
        ("/p/user.object.yml", "fields:\n  name: { type: text }\n"),
        ("/p/project.object.yml", "label: Project\nfields:\n  name: { type: text }\nsync: { enabled: true, strategy: manual }\n"),
        ("/p/todo_item.permission.yml", "object: todo_item\nobject_permissions:\n  read: [admin]\n"),
    ];

    private static (GeneratorDriver Driver, Compilation Compilation, InMemoryText[] Texts) FirstRun()
    {
        var texts = Files.Select(f => new InMemoryText(f.Path, f.Text)).ToArray();
        var compilation = GeneratorHarness.CreateCompilation(GeneratorHarness.ImplicitUsings, "public class Program { }");
        var driver = GeneratorHarness.CreateDriver(texts).RunGenerators(compilation);
        return (driver, compilation, texts);
    }

    private static IEnumerable<IncrementalStepRunReason> OutputReasons(GeneratorDriver driver) =>
        driver.GetRunResult().Results.Single().TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason);

    private static IReadOnlyList<(object Value, IncrementalStepRunReason Reason)> Step(GeneratorDriver driver, string name) =>
        driver.GetRunResult().Results.Single().TrackedSteps[name].SelectMany(s => s.Outputs).ToList();

    [Test]
    public void Unrelated_csharp_edit_leaves_every_output_cached()
    {
        var (driver, compilation, _) = FirstRun();
        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("public class Unrelated { public int X => 1; }", GeneratorHarness.ParseOptions));
        driver = driver.RunGenerators(edited);
        var reasons = OutputReasons(driver).ToList();
        Assert.That(reasons, Is.Not.Empty);
        Assert.That(reasons, Is.All.EqualTo(IncrementalStepRunReason.Cached));
        Assert.That(Step(driver, "Parse").Select(o => o.Reason), Is.All.EqualTo(IncrementalStepRunReason.Cached));
    }

    [Test]
    public void Editing_one_yaml_file_re_emits_only_that_object()
    {
        var (driver, compilation, texts) = FirstRun();
        var changed = new InMemoryText("/p/user.object.yml", "fields:\n  name: { type: text, label: Full name }\n");
        driver = driver.ReplaceAdditionalText(texts[1], changed).RunGenerators(compilation);
        var emits = Step(driver, "EmitObject");
        var modified = emits.Where(o => o.Reason == IncrementalStepRunReason.Modified).Select(o => ((ValueTuple<Models.ObjectSpec, Models.EmitContext>)o.Value).Item1.Name).ToList();
        Assert.That(modified, Is.EqualTo(new[] { "user" }));
        Assert.That(emits.Where(o => o.Reason != IncrementalStepRunReason.Modified).Select(o => o.Reason), Is.All.EqualTo(IncrementalStepRunReason.Cached).Or.EqualTo(IncrementalStepRunReason.Unchanged));
        Assert.That(emits, Has.Count.EqualTo(3));
        Assert.That(Step(driver, "Project").Select(o => o.Reason), Is.All.EqualTo(IncrementalStepRunReason.Unchanged).Or.EqualTo(IncrementalStepRunReason.Cached),
            "a label change does not touch the index, so AppModel is not re-emitted");
        Assert.That(driver.GetRunResult().Results.Single().GeneratedSources.Single(s => s.HintName == "User.g.cs").SourceText.ToString(), Does.Contain("Full name"));
    }

    [Test]
    public void Moving_lines_re_parses_but_does_not_re_emit()
    {
        var (driver, compilation, texts) = FirstRun();
        var moved = new InMemoryText("/p/project.object.yml", "# a comment that moves every line down\n\nlabel: Project\nfields:\n  name: { type: text }\nsync: { enabled: true, strategy: manual }\n");
        driver = driver.ReplaceAdditionalText(texts[2], moved).RunGenerators(compilation);
        Assert.That(Step(driver, "Parse").Count(o => o.Reason == IncrementalStepRunReason.Modified), Is.EqualTo(1));
        Assert.That(Step(driver, "EmitObject").Select(o => o.Reason), Has.None.EqualTo(IncrementalStepRunReason.Modified));
        Assert.That(Step(driver, "EmitSync").Select(o => o.Reason), Has.None.EqualTo(IncrementalStepRunReason.Modified));
    }

    [Test]
    public void Adding_an_object_re_emits_the_registry_but_not_the_other_objects()
    {
        var (driver, compilation, _) = FirstRun();
        driver = driver.AddAdditionalTexts([new InMemoryText("/p/tag.object.yml", "fields:\n  name: { type: text }\n")]).RunGenerators(compilation);
        var emits = Step(driver, "EmitObject");
        Assert.That(emits.Count(o => o.Reason == IncrementalStepRunReason.New), Is.EqualTo(1));
        Assert.That(emits.Count(o => o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged), Is.EqualTo(3));
        Assert.That(Step(driver, "Project").Select(o => o.Reason), Is.All.EqualTo(IncrementalStepRunReason.Modified));
    }

    [Test]
    public void Editing_a_permission_file_re_emits_only_the_permissions()
    {
        var (driver, compilation, texts) = FirstRun();
        var changed = new InMemoryText("/p/todo_item.permission.yml", "object: todo_item\nobject_permissions:\n  read: [admin, member]\n");
        driver = driver.ReplaceAdditionalText(texts[3], changed).RunGenerators(compilation);
        Assert.That(Step(driver, "EmitPermission").Select(o => o.Reason), Is.EqualTo(new[] { IncrementalStepRunReason.Modified }));
        Assert.That(Step(driver, "EmitObject").Select(o => o.Reason), Has.None.EqualTo(IncrementalStepRunReason.Modified));
        Assert.That(driver.GetRunResult().Results.Single().GeneratedSources.Single(s => s.HintName == "TodoItem.Permissions.g.cs").SourceText.ToString(),
            Does.Contain("\"member\""));
    }
}
