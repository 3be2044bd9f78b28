namespace ObjectQL.Cloudflare;

/// <summary>Chooses Cloudflare D1 (and, when configured, the KV query cache) as the store of a database being built.</summary>
public static class CloudflareDatabaseBuilderExtensions
{
    /// <summary>
    /// Uses a <see cref="D1Driver"/> for the database <paramref name="options"/> describe, wrapped in a
    /// <see cref="KvQueryCache"/> when they name a KV namespace for the cache.
    /// </summary>
    public static ObjectQLDatabaseBuilder UseCloudflareD1(this ObjectQLDatabaseBuilder builder, CloudflareOptions options, HttpClient httpClient, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var driver = new D1Driver(options, httpClient, timeProvider);
        return builder.UseDriver(options.HasCache ? new KvQueryCache(driver, options, httpClient, timeProvider) : driver);
    }
}
