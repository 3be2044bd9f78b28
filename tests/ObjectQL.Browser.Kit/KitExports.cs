using System.Runtime.InteropServices.JavaScript;
using System.Text;
using System.Text.Json;
using ObjectQL.Testing.Running;

namespace ObjectQL.Browser.Kit;

/// <summary>What the JavaScript hosts call: run a fixture's cases and answer with their results as JSON.</summary>
public static partial class KitExports
{
    /// <summary>
    /// Runs <paramref name="fixture"/> (<c>memory</c>, <c>sqlite</c>, <c>sqlite-opfs</c>, <c>sqlite-indexeddb</c>) and
    /// answers <c>{"storage","results":[{"name","passed","message"}]}</c>. <paramref name="filter"/> keeps cases whose
    /// name contains one of its comma-separated parts (empty: all).
    /// </summary>
    [JSExport]
    public static async Task<string> RunAsync(string fixture, string filter)
    {
        var parts = filter.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Func<string, bool>? include = parts.Length == 0 ? null : name => parts.Any(p => name.Contains(p, StringComparison.Ordinal));
        var storage = fixture switch
        {
            "sqlite-opfs" => BrowserStorage.Opfs,
            "sqlite-indexeddb" => BrowserStorage.IndexedDb,
            _ => BrowserStorage.Memory,
        };
        IReadOnlyList<KitResult> results = fixture == "memory"
            ? await KitRunner.RunAsync(static () => new MemoryKit(), include, Report)
            : await KitRunner.RunAsync(() => new BrowserSqliteKit(storage), include, Report);
        return Write(fixture == "memory" ? "Memory" : (await ActualStorageAsync(storage)).ToString(), results);
    }

    // Where a database asked for in this storage really lives: an explicit choice is never silently replaced.
    private static async Task<BrowserStorage> ActualStorageAsync(BrowserStorage storage)
    {
        var options = new BrowserSqliteOptions { DatabaseName = "storage-probe.db", Storage = storage };
        await using var probe = new BrowserSqliteExecutor(options);
        var actual = await probe.OpenAsync();
        await probe.DisposeAsync();
        await BrowserSqliteExecutor.DeleteDatabaseAsync(options);
        return actual;
    }

    private static void Report(KitResult result)
    {
        Console.WriteLine(result.Passed ? $"passed {result.Name}" : $"FAILED {result.Name}: {result.Message}");
    }

    private static string Write(string storage, IReadOnlyList<KitResult> results)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("storage", storage);
            writer.WriteStartArray("results");
            foreach (var result in results)
            {
                writer.WriteStartObject();
                writer.WriteString("name", result.Name);
                writer.WriteBoolean("passed", result.Passed);
                writer.WriteString("message", result.Message);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
