using System.Diagnostics;
using System.Reflection;

namespace ObjectQL.Aot.Tests;

/// <summary>
/// Publishes App/ (generated typed repositories over SQLite, the generated JSON context, the JSON query reader) with
/// NativeAOT once per run, then checks the publish was warning-free and the native binary does the real work.
/// </summary>
[NonParallelizable]
public sealed class AotPublishTests
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(15);

    private string _root = null!;
    private ProcessRun _publish = null!;
    private string _binary = null!;

    [OneTimeSetUp]
    public async Task PublishOnceAsync()
    {
        _root = Directory.CreateTempSubdirectory("objectql-aot-").FullName;
        var app = typeof(AotPublishTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "AotAppDirectory").Value!;
        var output = Path.Combine(_root, "publish");
        // ArtifactsPath under the temporary folder: the app and the libraries it references get their own obj/ and
        // bin/, so this publish never races a build of the same projects in the repository's artifacts folder.
        // Build servers are off so no lingering node holds the output pipes open.
        var stopwatch = Stopwatch.StartNew();
        _publish = await ProcessRun.RunAsync("dotnet",
            ["publish", Path.Combine(app, "AotApp.csproj"), "-c", "Release", "-r", "linux-x64",
             $"-p:ArtifactsPath={Path.Combine(_root, "artifacts")}", "-o", output, "--disable-build-servers", "--nologo"],
            PublishTimeout);
        stopwatch.Stop();
        _binary = Path.Combine(output, "AotApp");
        var size = File.Exists(_binary) ? new FileInfo(_binary).Length : 0;
        TestContext.Progress.WriteLine($"NativeAOT publish: {stopwatch.Elapsed.TotalSeconds:F1} s, binary {size / 1024.0 / 1024.0:F2} MB");
    }

    [OneTimeTearDown]
    public void DeleteTemporaryFolder()
    {
        if (_root is not null && Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Test]
    public void Publish_succeeds_and_produces_a_native_executable_without_the_managed_assembly()
    {
        Assert.That(_publish.ExitCode, Is.Zero, _publish.Output);
        Assert.That(File.Exists(_binary), Is.True, "no native binary at " + _binary);
        var header = new byte[4];
        using (var stream = File.OpenRead(_binary))
        {
            stream.ReadExactly(header);
        }
        Assert.That(header, Is.EqualTo(new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F' }), "the binary is not an ELF executable");
        Assert.That(File.Exists(Path.Combine(Path.GetDirectoryName(_binary)!, "AotApp.dll")), Is.False,
            "a managed AotApp.dll in the output means the app was not compiled ahead of time");
    }

    [Test]
    public void Publish_reports_no_trimming_or_aot_warnings()
    {
        var warnings = _publish.TrimOrAotWarnings();
        Assert.That(warnings, Is.Empty, _publish.Output);
        Assert.That(_publish.Output, Does.Contain("Generating native code"), "the publish did not run the ILCompiler");
    }

    [Test]
    public async Task Native_binary_creates_queries_updates_and_deletes_through_generated_repositories_on_sqlite()
    {
        Assert.That(File.Exists(_binary), Is.True, _publish.Output);
        var database = Path.Combine(_root, "app.db");
        var run = await ProcessRun.RunAsync(_binary, [database], TimeSpan.FromMinutes(1));
        Assert.That(run.ExitCode, Is.Zero, run.Output);
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.That(lines, Is.EqualTo(new[]
        {
            "objects: author,book",
            "created: 3 books, author version 1",
            "fiction: The Dispossessed (in stock True)",
            "sorted: The Dispossessed,A History of Sea Charts,Small Physics (price loaded False)",
            "genres: Fiction,History,Science",
            "aggregate: 3 books, total 50.75",
            "updated: A History of Sea Charts price 27.75 version 2",
            "entity json: Draft/Science/1.5 contains title True",
            "patch json: {\"in_stock\":true}",
            "json filter: The Dispossessed,Small Physics",
            "rejected: VALIDATION_ERROR title",
            "deleted: True, remaining 2",
            "runtime: NativeAot, dynamic code False, files True",
        }), run.Output);
        Assert.That(new FileInfo(database).Length, Is.GreaterThan(0), "the SQLite file was not written");
    }
}
