using ObjectQL.Browser.Tests;

namespace ObjectQL.OfflinePwa.Tests;

/// <summary>The PWA, published once per test run (its publish step copies sqlite-wasm beside it) and shared by every fixture.</summary>
internal static class PublishedPwa
{
    private static readonly Lazy<Task<string>> s_published = new(PublishAsync);

    /// <summary>The published app's web root.</summary>
    public static Task<string> WebRootAsync() => s_published.Value;

    private static async Task<string> PublishAsync()
    {
        // While working on the tests themselves, OBJECTQL_OFFLINE_PWA names an already published web root to reuse.
        if (Environment.GetEnvironmentVariable("OBJECTQL_OFFLINE_PWA") is { Length: > 0 } reused)
        {
            return reused;
        }
        var output = Path.Combine(Repository.Root, "artifacts", "offline-pwa-tests", "publish");
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }
        var sqliteWasm = Path.Combine(Repository.Tools, "node_modules", "@sqlite.org", "sqlite-wasm", "dist") + Path.DirectorySeparatorChar;
        await ChildProcess.RunAsync(
            "dotnet",
            ["publish", Path.Combine(Repository.Root, "examples", "offline-pwa", "App"), "-c", "Release", "-o", output, "-nologo", "-clp:ErrorsOnly", "-p:SqliteWasmDist=" + sqliteWasm],
            Repository.Root,
            TimeSpan.FromMinutes(15));
        return Path.Combine(output, "wwwroot");
    }
}
