using ObjectQL.Cloudflare;

namespace EdgeCloudflare;

/// <summary>
/// The Cloudflare settings from environment variables (or any configuration source under the same keys):
/// <list type="bullet">
/// <item>the bridge Worker: <c>CLOUDFLARE_BRIDGE_URL</c>, <c>CLOUDFLARE_BRIDGE_SECRET</c>, optionally <c>CLOUDFLARE_D1_BINDING</c> and <c>CLOUDFLARE_KV_BINDING</c> (the cache);</item>
/// <item>or D1's HTTP API: <c>CLOUDFLARE_ACCOUNT_ID</c>, <c>CLOUDFLARE_D1_DATABASE_ID</c>, <c>CLOUDFLARE_API_TOKEN</c>, optionally <c>CLOUDFLARE_KV_NAMESPACE_ID</c> (the cache);</item>
/// <item><c>CLOUDFLARE_CACHE_TTL</c> in seconds (60 by default), <c>CLOUDFLARE_API_BASE_URL</c> (Cloudflare's API by default).</item>
/// </list>
/// </summary>
internal static class CloudflareSettings
{
    public static CloudflareOptions Read(IConfiguration configuration)
    {
        string? Text(string key) => string.IsNullOrWhiteSpace(configuration[key]) ? null : configuration[key];
        var options = new CloudflareOptions
        {
            BridgeUrl = Text("CLOUDFLARE_BRIDGE_URL") is { } bridge ? new Uri(bridge.TrimEnd('/') + "/") : null,
            BridgeSecret = Text("CLOUDFLARE_BRIDGE_SECRET"),
            D1Binding = Text("CLOUDFLARE_D1_BINDING") ?? "DB",
            KvCacheBinding = Text("CLOUDFLARE_KV_BINDING"),
            AccountId = Text("CLOUDFLARE_ACCOUNT_ID"),
            DatabaseId = Text("CLOUDFLARE_D1_DATABASE_ID"),
            ApiToken = Text("CLOUDFLARE_API_TOKEN"),
            KvNamespaceId = Text("CLOUDFLARE_KV_NAMESPACE_ID"),
            ApiBaseUrl = Text("CLOUDFLARE_API_BASE_URL") is { } api ? new Uri(api.TrimEnd('/') + "/") : CloudflareOptions.DefaultApiBaseUrl,
            CacheTtl = TimeSpan.FromSeconds(int.Parse(Text("CLOUDFLARE_CACHE_TTL") ?? "60", System.Globalization.CultureInfo.InvariantCulture)),
        };
        options.Validate();
        return options;
    }
}
