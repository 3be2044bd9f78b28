using System.Diagnostics;
using System.Text.Json;
using ObjectQL.Cloudflare.Tests.Miniflare;

namespace ObjectQL.Cloudflare.Tests.WasmWorker;

/// <summary>
/// examples/edge/cloudflare-wasm published (trimmed, as it ships) and bundled by its build.mjs, once per test run and
/// shared by every test that needs it.
/// </summary>
internal static class WasmWorkerBundle
{
    private static readonly Lazy<Task<string>> s_bundle = new(BuildAsync);

    /// <summary>The bundle's folder (worker.mjs, modules.json, size.json, _framework/).</summary>
    public static Task<string> DirectoryAsync() => s_bundle.Value;

    /// <summary>The bundle's size as build.mjs measured it: every module, raw and gzip-compressed.</summary>
    public static async Task<(long Raw, long Gzip)> SizeAsync()
    {
        using var size = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(await DirectoryAsync(), "size.json")));
        return (size.RootElement.GetProperty("raw").GetInt64(), size.RootElement.GetProperty("gzip").GetInt64());
    }

    private static async Task<string> BuildAsync()
    {
        var root = MiniflareServer.RepositoryRoot();
        var example = Path.Combine(root, "examples", "edge", "cloudflare-wasm");
        var publish = Path.Combine(root, "artifacts", "cloudflare-wasm", "publish");
        var bundle = Path.Combine(root, "artifacts", "cloudflare-wasm", "dist");
        await RunAsync("dotnet", ["publish", example, "-c", "Release", "-o", publish, "-nologo", "-clp:ErrorsOnly"], root, TimeSpan.FromMinutes(15));
        await RunAsync("node", [Path.Combine(example, "build.mjs"), publish, bundle], root, TimeSpan.FromMinutes(2));
        return bundle;
    }

    private static async Task RunAsync(string file, string[] arguments, string directory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file, arguments) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} ran longer than {timeout}.");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{await output}\n{await errors}");
        }
    }
}
