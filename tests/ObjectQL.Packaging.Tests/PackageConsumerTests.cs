namespace ObjectQL.Packaging.Tests;

/// <summary>Projects outside the repository that use only the packed nupkg from a local folder feed.</summary>
public class PackageConsumerTests
{
    private const string Exe = "  <PropertyGroup><OutputType>Exe</OutputType></PropertyGroup>\n";

    private static string NewProject(string name, string projectBody, IEnumerable<(string Path, string Text)> files) =>
        PackageFixture.NewProject(name, projectBody, files);

    [Test]
    public void Consumer_tests_pass_against_the_packed_package()
    {
        var source = Path.Combine(PackageFixture.RepoRoot, "tests", "ObjectQL.Consumer.Tests");
        var files = Directory.GetFiles(source, "*.cs").Select(f => (Path.GetFileName(f), File.ReadAllText(f)))
            .Concat(Directory.GetFiles(Path.Combine(source, "Objects")).Select(f => (Path.Combine("Objects", Path.GetFileName(f)), File.ReadAllText(f))))
            .Append(("Usings.cs", "global using NUnit.Framework;\n"));
        var body = $"""
              <PropertyGroup>
                <ObjectQLNamespace>Consumer.Model</ObjectQLNamespace>
                <IsPackable>false</IsPackable>
                <IsAotCompatible>true</IsAotCompatible>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.NET.Test.Sdk" Version="{PackageFixture.PackageVersion("Microsoft.NET.Test.Sdk")}" />
                <PackageReference Include="NUnit" Version="{PackageFixture.PackageVersion("NUnit")}" />
                <PackageReference Include="NUnit3TestAdapter" Version="{PackageFixture.PackageVersion("NUnit3TestAdapter")}" />
              </ItemGroup>
            """;
        var directory = NewProject("PackagedConsumer", body, files);
        var result = PackageFixture.Run(directory, "dotnet", "test", "-nodeReuse:false", "--disable-build-servers");
        Assert.That(result.ExitCode, Is.Zero, result.Output);
        var tests = Directory.GetFiles(source, "*.cs").Sum(f => File.ReadAllText(f).Split("[Test]").Length - 1);
        Assert.That(result.Output, Does.Match($@"Passed!\s+-\s+Failed:\s+0, Passed:\s+{tests},"));
    }

    [Test]
    public void Fresh_console_project_with_yaml_builds_and_runs_the_generated_code()
    {
        var program = """
            using Fresh;
            var item = new Note { Title = "hello", Pinned = true };
            Console.WriteLine($"{AppModel.Objects.Objects.Count} {item.ToRecord()["title"]} {Note.Fields.Pinned.Name}");
            """;
        // The file is also listed by hand: the package's auto-include must not add it a second time.
        var body = Exe + "  <ItemGroup><AdditionalFiles Include=\"Model/note.object.yml\" /></ItemGroup>\n";
        var directory = NewProject("Fresh", body, [("Program.cs", program), ("Model/note.object.yml", "fields:\n  title: { type: text, required: true }\n  pinned: { type: boolean }\n")]);
        var result = PackageFixture.Run(directory, "dotnet", "run", "--", "-nodeReuse:false");
        Assert.That(result.ExitCode, Is.Zero, result.Output);
        Assert.That(result.Output, Does.Contain("1 hello pinned"));
    }

    [Test]
    public void Bad_yaml_fails_the_build_with_a_located_error()
    {
        var directory = NewProject("Broken", Exe, [("Program.cs", "System.Console.WriteLine(1);\n"),
            ("Objects/task.object.yml", "fields:\n  owner: { type: lookup, reference_to: usr }\n  due: { type: dat }\n")]);
        var result = PackageFixture.Run(directory, "dotnet", "build", "-nodeReuse:false", "--disable-build-servers");
        Assert.That(result.ExitCode, Is.Not.Zero);
        Assert.That(result.Output, Does.Contain("task.object.yml(2,40): error OQL0103"));
        Assert.That(result.Output, Does.Contain("task.object.yml(3,16): error OQL0100"));
    }

    [Test]
    public void Auto_include_can_be_switched_off()
    {
        var body = Exe + """
              <PropertyGroup><ObjectQLAutoIncludeYaml>false</ObjectQLAutoIncludeYaml></PropertyGroup>
              <ItemGroup><AdditionalFiles Include="Chosen/*.object.yml" /></ItemGroup>
            """;
        var program = "Console.WriteLine(string.Join(',', OptOut.AppModel.Objects.Objects.Select(o => o.Name)));\n";
        var directory = NewProject("OptOut", body, [("Program.cs", program),
            ("Chosen/kept.object.yml", "fields:\n  a: { type: text }\n"), ("Ignored/skipped.object.yml", "fields:\n  a: { type: text }\n")]);
        var result = PackageFixture.Run(directory, "dotnet", "run");
        Assert.That(result.ExitCode, Is.Zero, result.Output);
        Assert.That(result.Output.Trim(), Does.EndWith("kept"));
    }

    [Test]
    public void NativeAot_publish_of_a_consumer_has_no_warnings_and_runs()
    {
        var program = """
            using System.Text.Json;
            using Aot.Model;
            using ObjectQL;
            using ObjectQL.Drivers.Memory;

            await using var db = await ObjectQLDatabase.OpenAsync(new MemoryDriver(), AppModel.Objects);
            var created = await db.Notes().CreateAsync(new Note { Title = "native", Kind = NoteKind.Idea, Tags = ["a", "b"] });
            var found = await db.Notes().FindAsync(Note.Fields.Kind.Eq(NoteKind.Idea));
            var json = JsonSerializer.Serialize(found.Single(), AppModelJsonContext.Default.NoteInfo);
            var back = JsonSerializer.Deserialize(json, AppModelJsonContext.Default.NoteInfo)!;
            Console.WriteLine($"{found.Count} {back.Title} {back.Kind} {string.Join('+', back.Tags!)} {created.Version}");
            """;
        var body = Exe + """
              <PropertyGroup>
                <PublishAot>true</PublishAot>
                <ObjectQLNamespace>Aot.Model</ObjectQLNamespace>
              </PropertyGroup>
            """;
        var directory = NewProject("AotConsumer", body, [("Program.cs", program),
            ("Objects/note.object.yml", "fields:\n  title: { type: text, required: true }\n  kind: { type: select, options: [idea, task] }\n  tags: { type: text, multiple: true }\n")]);
        var publish = PackageFixture.Run(directory, "dotnet", "publish", "-r", "linux-x64", "-o", "out", "-nodeReuse:false", "--disable-build-servers");
        Assert.That(publish.ExitCode, Is.Zero, publish.Output);
        Assert.That(publish.Output, Does.Not.Contain("warning IL"), publish.Output);
        var run = PackageFixture.Run(directory, Path.Combine(directory, "out", "AotConsumer"));
        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(run.Output.Trim(), Is.EqualTo("1 native Idea a+b 1"));
    }
}
