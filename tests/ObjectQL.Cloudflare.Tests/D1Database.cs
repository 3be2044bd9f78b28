using System.Text.Json;
using ObjectQL.Cloudflare.D1;
using ObjectQL.Sql;

namespace ObjectQL.Cloudflare.Tests;

/// <summary>Direct access to the Miniflare D1 database for tests: raw statements and emptying it between tests.</summary>
internal static class D1Database
{
    /// <summary>Runs statements as one batch straight through the bridge; returns each statement's rows.</summary>
    public static Task<List<List<JsonElement>>> RunAsync(params SqlStatement[] statements) => RunAsync(MiniflareSetup.Server.BridgeOptions, statements);

    /// <summary>Runs statements as one batch through the bridge on the database <paramref name="options"/> name.</summary>
    public static async Task<List<List<JsonElement>>> RunAsync(CloudflareOptions options, params SqlStatement[] statements)
    {
        var client = new D1Client(MiniflareSetup.Http, options);
        var results = await client.RunAsync(statements.Select(D1Statement.From).ToArray(), CancellationToken.None);
        return results.Select(static r => r.Results ?? []).ToList();
    }

    /// <summary>Drops every table, so each test starts from an empty database as the conformance kit expects.</summary>
    public static Task ClearAsync() => ClearAsync(MiniflareSetup.Server.BridgeOptions);

    /// <summary>Drops every table of the database <paramref name="options"/> name.</summary>
    public static async Task ClearAsync(CloudflareOptions options)
    {
        try
        {
            await DropAllAsync(options);
        }
        catch (ObjectQLException lost) when (lost.Details.Any(static d => d.Reason == "unavailable"))
        {
            // A dropped keep-alive connection loses the answer of a write; dropping tables again is harmless.
            await DropAllAsync(options);
        }
    }

    private static async Task DropAllAsync(CloudflareOptions options)
    {
        var tables = await RunAsync(options, new SqlStatement("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'"));
        var drops = tables[0].Select(static t => new SqlStatement($"DROP TABLE IF EXISTS \"{t.GetProperty("name").GetString()!.Replace("\"", "\"\"", StringComparison.Ordinal)}\"")).ToList();
        if (drops.Count > 0)
        {
            await RunAsync(options, [new SqlStatement("PRAGMA defer_foreign_keys = on"), .. drops]);
        }
    }
}
