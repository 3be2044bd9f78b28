using ObjectQL;
using ObjectQL.Cloudflare;
using ObjectQL.Metadata;

public static class CloudflareStore
{
    public static async Task<ObjectQLDatabase> OpenAsync(ObjectModel model, HttpClient http)
    {
        var options = new CloudflareOptions
        {
            BridgeUrl = new Uri("https://objectql-bridge.example.workers.dev/"),
            BridgeSecret = Environment.GetEnvironmentVariable("CLOUDFLARE_BRIDGE_SECRET"),
            KvCacheBinding = "KV",
        };
        var d1 = new D1Driver(options, http);
        return await ObjectQLDatabase.OpenAsync(new KvQueryCache(d1, options, http), model);
    }
}
