namespace ObjectQL.Browser.Tests;

/// <summary>
/// The kit app, published once per test run (trimmed, as an app ships) and shared by every fixture, with sqlite-wasm
/// copied beside it from the tools folder. The test server sends files as they are, so the publish skips the brotli and
/// gzip copies (the slowest step of a fresh publish); the app's compressed size is measured with the benchmark app
/// (docs/performance.md).
/// </summary>
internal static class PublishedKit
{
    private static readonly Lazy<Task<string>> s_published = new(PublishAsync);

    /// <summary>The published app's web root.</summary>
    public static Task<string> WebRootAsync() => s_published.Value;

    private static async Task<string> PublishAsync()
    {
        // While working on the tests themselves, OBJECTQL_BROWSER_KIT names an already published web root to reuse.
        if (Environment.GetEnvironmentVariable("OBJECTQL_BROWSER_KIT") is { Length: > 0 } reused)
        {
            return reused;
        }
        var sqliteWasm = Path.Combine(Repository.Tools, "node_modules", "@sqlite.org", "sqlite-wasm", "dist");
        if (!Directory.Exists(sqliteWasm) || !File.Exists(Repository.Bin("deno")))
        {
            throw new InvalidOperationException($"The browser test tools are missing in {Repository.Tools}: run tests/setup/browser.sh (test.sh does).");
        }
        var output = Path.Combine(Repository.Root, "artifacts", "browser-kit", "publish");
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }
        await ChildProcess.RunAsync(
            "dotnet",
            ["publish", Path.Combine(Repository.Root, "tests", "ObjectQL.Browser.Kit"), "-c", "Release", "-o", output, "-p:CompressionEnabled=false", "-nologo", "-clp:ErrorsOnly"],
            Repository.Root,
            TimeSpan.FromMinutes(15));
        var webRoot = Path.Combine(output, "wwwroot");
        var target = Path.Combine(webRoot, "sqlite-wasm");
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(sqliteWasm))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }
        return webRoot;
    }
}
