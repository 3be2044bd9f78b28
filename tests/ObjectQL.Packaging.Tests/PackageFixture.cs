using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Xml.Linq;

namespace ObjectQL.Packaging.Tests;

/// <summary>Packs every ObjectQL package once into a local folder feed, under a version no earlier run used.</summary>
[SetUpFixture]
public sealed class PackageFixture
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Work { get; } = Path.Combine(Path.GetTempPath(), "objectql-packaging-" + Guid.NewGuid().ToString("N")[..8]);

    public static string Feed => Path.Combine(Work, "feed");

    // A fresh version per run, so the global package cache never serves an older build of the same version.
    public static string Version { get; } = "0.1.0-pkgtest." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);

    public static string PackagePath => Path.Combine(Feed, $"ObjectQL.{Version}.nupkg");

    /// <summary>The packable projects: every project under libs/.</summary>
    public static string[] PackageIds { get; } =
        Directory.GetDirectories(Path.Combine(RepoRoot, "libs")).Where(d => File.Exists(Path.Combine(d, Path.GetFileName(d) + ".csproj")))
            .Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    // Packs every package in one build, with its own artifacts folder, so the repository's build output (used by other
    // test projects running at the same time) is never rebuilt under the test version.
    [OneTimeSetUp]
    public void Pack()
    {
        Directory.CreateDirectory(Feed);
        var solution = Path.Combine(Work, "packages.slnx");
        // The generator is listed too: a project the solution does not list would be built in another configuration.
        var projects = PackageIds.Select(id => Path.Combine(RepoRoot, "libs", id, id + ".csproj"))
            .Append(Path.Combine(RepoRoot, "generators", "ObjectQL.Generators", "ObjectQL.Generators.csproj"));
        File.WriteAllText(solution, "<Solution>\n" + string.Concat(projects.Select(path => $"  <Project Path=\"{path}\" />\n")) + "</Solution>\n");
        var result = Run(RepoRoot, "dotnet", "pack", solution, "-c", "Release",
            "-o", Feed, $"-p:Version={Version}", $"-p:ArtifactsPath={Path.Combine(Work, "artifacts")}", "-nodeReuse:false", "--disable-build-servers");
        Assert.That(result.ExitCode, Is.Zero, result.Output);
    }

    [OneTimeTearDown]
    public void CleanUp()
    {
        TryDelete(Work);
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in PackageIds)
        {
            TryDelete(Path.Combine(packages, id.ToLowerInvariant(), Version));
        }
    }

    /// <summary>Central package versions, so the temporary projects use what the repository uses.</summary>
    public static string PackageVersion(string id) =>
        XDocument.Load(Path.Combine(RepoRoot, "Directory.Packages.props")).Descendants("PackageVersion")
            .Single(e => (string?)e.Attribute("Include") == id).Attribute("Version")!.Value;

    /// <summary>
    /// A project outside the repository whose nuget.config adds the local feed for the ObjectQL packages (everything else
    /// comes from the machine's default source) and which references <paramref name="packages"/> at the test version.
    /// </summary>
    public static string NewProject(string name, string projectBody, IEnumerable<(string Path, string Text)> files, params string[] packages)
    {
        var directory = Path.Combine(Work, name);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="objectql-local" value="{Feed}" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="objectql-local"><package pattern="ObjectQL" /><package pattern="ObjectQL.*" /></packageSource>
                <packageSource key="nuget.org"><package pattern="*" /></packageSource>
              </packageSourceMapping>
            </configuration>
            """);
        var references = string.Join("\n", (packages.Length == 0 ? ["ObjectQL"] : packages).Select(id => $"    <PackageReference Include=\"{id}\" Version=\"{Version}\" />"));
        File.WriteAllText(Path.Combine(directory, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
            {references}
              </ItemGroup>
            {projectBody}
            </Project>
            """);
        foreach (var (path, text) in files)
        {
            var full = Path.Combine(directory, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }
        return directory;
    }

    public static (int ExitCode, string Output) Run(string directory, string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        // The outer test host sets MSBuild variables that must not leak into the child builds.
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        start.Environment.Remove("MSBuildSDKsPath");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(8)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{file} {string.Join(' ', arguments)} timed out");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder is harmless.
        }
    }

    private static string FindRepoRoot([CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", ".."));
}
