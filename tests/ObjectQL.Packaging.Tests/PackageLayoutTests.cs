using System.IO.Compression;
using System.Xml.Linq;

namespace ObjectQL.Packaging.Tests;

/// <summary>The nupkg carries the runtime, the generator with YamlDotNet as analyzers, and the build props.</summary>
public class PackageLayoutTests
{
    private static string[] Entries()
    {
        using var zip = ZipFile.OpenRead(PackageFixture.PackagePath);
        return zip.Entries.Select(e => e.FullName).ToArray();
    }

    [Test]
    public void Package_has_runtime_generator_yaml_parser_and_build_files()
    {
        Assert.That(Entries(), Is.SupersetOf(new[]
        {
            "lib/net10.0/ObjectQL.dll",
            "lib/net10.0/ObjectQL.xml",
            "analyzers/dotnet/cs/ObjectQL.Generators.dll",
            "analyzers/dotnet/cs/YamlDotNet.dll",
            "build/ObjectQL.props",
            "build/ObjectQL.targets",
            "buildTransitive/ObjectQL.props",
            "buildTransitive/ObjectQL.targets",
        }));
    }

    [Test]
    public void Generator_and_yaml_parser_stay_out_of_lib_and_out_of_the_dependencies()
    {
        Assert.That(Entries().Where(e => e.StartsWith("lib/", StringComparison.Ordinal)).Select(Path.GetFileName),
            Has.None.EqualTo("ObjectQL.Generators.dll").And.None.EqualTo("YamlDotNet.dll"));
        using var zip = ZipFile.OpenRead(PackageFixture.PackagePath);
        using var nuspec = zip.GetEntry("ObjectQL.nuspec")!.Open();
        var dependencies = XDocument.Load(nuspec).Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => (string?)e.Attribute("id")).ToList();
        Assert.That(dependencies, Has.None.EqualTo("ObjectQL.Generators").And.None.EqualTo("YamlDotNet"));
    }

    [Test]
    public void Build_props_auto_include_yaml_with_an_opt_out()
    {
        using var zip = ZipFile.OpenRead(PackageFixture.PackagePath);
        string Read(string name)
        {
            using var reader = new StreamReader(zip.GetEntry(name)!.Open());
            return reader.ReadToEnd();
        }
        Assert.That(Read("build/ObjectQL.targets"), Does.Contain("**/*.object.yml").And.Contain("**/*.permission.yml").And.Contain("'$(ObjectQLAutoIncludeYaml)' == 'true'"));
        Assert.That(Read("build/ObjectQL.props"), Does.Contain("CompilerVisibleProperty Include=\"ObjectQLNamespace\""));
    }

    [Test]
    public void Every_package_carries_a_readme_a_project_url_and_its_repository()
    {
        Assert.That(PackageFixture.PackageIds, Does.Contain("ObjectQL").And.Contain("ObjectQL.Sqlite"));
        Assert.Multiple(() =>
        {
            foreach (var id in PackageFixture.PackageIds)
            {
                using var zip = ZipFile.OpenRead(Path.Combine(PackageFixture.Feed, $"{id}.{PackageFixture.Version}.nupkg"));
                using var stream = zip.GetEntry($"{id}.nuspec")!.Open();
                var metadata = XDocument.Load(stream).Descendants().Single(e => e.Name.LocalName == "metadata");
                string? Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
                var repository = metadata.Elements().SingleOrDefault(e => e.Name.LocalName == "repository");
                Assert.That(Value("readme"), Is.EqualTo("README.md"), id);
                Assert.That(zip.GetEntry("README.md"), Is.Not.Null, id);
                Assert.That(Value("projectUrl"), Does.StartWith("https://"), id);
                Assert.That((string?)repository?.Attribute("url"), Does.StartWith("https://"), id);
                Assert.That((string?)repository?.Attribute("type"), Is.EqualTo("git"), id);
                Assert.That(Value("description"), Is.Not.Empty, id);
            }
        });
    }
}
