using System.Collections.Concurrent;
using System.Text.Json;
using ObjectQL.Testing;
using ObjectQL.Testing.Running;

namespace ObjectQL.Browser.Tests;

/// <summary>Where the kit runs: a JavaScript runtime, or headless Chromium.</summary>
public enum KitHost
{
    Node,
    Deno,
    Bun,
    Chromium,
}

/// <summary>
/// One run of a kit fixture per host, started on first need and shared by every case that asks for it; each case then
/// reads its own result.
/// </summary>
internal static class KitRuns
{
    private static readonly ConcurrentDictionary<(KitHost, string), Lazy<Task<IReadOnlyDictionary<string, (bool Passed, string? Message)>>>> s_runs = new();

    /// <summary>The names of the kit's cases, as the runner inside WebAssembly names them.</summary>
    public static IEnumerable<string> CaseNames() => KitRunner.Cases(typeof(DriverConformanceTests)).Select(static c => c.Name);

    public static Task<IReadOnlyDictionary<string, (bool Passed, string? Message)>> ResultsAsync(KitHost host, string fixture, string filter = "") =>
        s_runs.GetOrAdd((host, fixture + "|" + filter), key => new(() => RunAsync(host, fixture, filter))).Value;

    private static async Task<IReadOnlyDictionary<string, (bool, string?)>> RunAsync(KitHost host, string fixture, string filter)
    {
        var webRoot = await PublishedKit.WebRootAsync();
        var (file, arguments) = host switch
        {
            KitHost.Node => ("node", new[] { "run-kit.mjs", fixture, filter }),
            KitHost.Deno => (Repository.Bin("deno"), new[] { "run", "-A", "run-kit.mjs", fixture, filter }),
            KitHost.Bun => (Repository.Bin("bun"), new[] { "run-kit.mjs", fixture, filter }),
            _ => ("node", new[] { Path.Combine(Repository.Scripts, "run-kit-in-chromium.mjs"), webRoot, fixture, filter }),
        };
        // Generous: the hosts run side by side, on a machine that may be running other test projects too.
        var output = await ChildProcess.RunAsync(file, arguments, webRoot, TimeSpan.FromMinutes(20));
        var json = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last(static l => l.StartsWith("{\"storage\"", StringComparison.Ordinal));
        using var document = JsonDocument.Parse(json);
        var results = new Dictionary<string, (bool, string?)>(StringComparer.Ordinal);
        foreach (var result in document.RootElement.GetProperty("results").EnumerateArray())
        {
            results[result.GetProperty("name").GetString()!] = (result.GetProperty("passed").GetBoolean(), result.GetProperty("message").GetString());
        }
        results["(storage)"] = (true, document.RootElement.GetProperty("storage").GetString());
        return results;
    }

    /// <summary>Asserts that case <paramref name="name"/> ran in the run of <paramref name="fixture"/> on <paramref name="host"/> and passed.</summary>
    public static async Task AssertPassedAsync(KitHost host, string fixture, string name)
    {
        var results = await ResultsAsync(host, fixture);
        Assert.That(results.TryGetValue(name, out var result), Is.True, $"The {fixture} run on {host} did not report the case {name}.");
        Assert.That(result.Passed, Is.True, result.Message);
    }
}
