using System.Diagnostics;
using System.Reflection;
using ObjectQL.Aot.Tests;

namespace ObjectQL.Server.Tests;

/// <summary>
/// Publishes examples/Server with NativeAOT once per test run, into a temporary folder, for every fixture of this
/// project; the fixtures then start the native binary as often as they need.
/// </summary>
[SetUpFixture]
public sealed class PublishedServer
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(30);

    /// <summary>The publish's exit code and output (warnings included).</summary>
    public static ProcessRun Publish { get; private set; } = null!;

    /// <summary>The native executable.</summary>
    public static string Binary { get; private set; } = null!;

    /// <summary>A temporary folder the run owns (databases, the publish output).</summary>
    public static string Root { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task PublishOnceAsync()
    {
        Root = Directory.CreateTempSubdirectory("objectql-server-").FullName;
        var project = typeof(PublishedServer).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "ServerProjectDirectory").Value!;
        var output = Path.Combine(Root, "publish");
        // Its own ArtifactsPath, so the publish never races a build of the same projects in the repository's artifacts;
        // no build servers, so no lingering node holds the output pipes open.
        var stopwatch = Stopwatch.StartNew();
        Publish = await ProcessRun.RunAsync("dotnet",
            ["publish", Path.Combine(project, "Server.csproj"), "-c", "Release", "-r", "linux-x64",
             $"-p:ArtifactsPath={Path.Combine(Root, "artifacts")}", "-o", output, "--disable-build-servers", "--nologo"],
            PublishTimeout);
        Binary = Path.Combine(output, "Server");
        var size = File.Exists(Binary) ? new FileInfo(Binary).Length : 0;
        TestContext.Progress.WriteLine($"Server NativeAOT publish: {stopwatch.Elapsed.TotalSeconds:F1} s, binary {size / 1024.0 / 1024.0:F2} MB");
    }

    [OneTimeTearDown]
    public void DeleteTemporaryFolder()
    {
        if (Root is not null && Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
