namespace ObjectQL.Cloudflare;

/// <summary>
/// Where the D1 database (and the optional KV query cache) is and how to reach it: through the bridge Worker shipped
/// with this package (<see cref="BridgeUrl"/>, <see cref="BridgeSecret"/>; the production path) or through D1's HTTP
/// query API (<see cref="AccountId"/>, <see cref="DatabaseId"/>, <see cref="ApiToken"/>; for tools and low volume,
/// limited to 1,200 requests per 5 minutes per account). The seed's <c>CloudflareAdapterConfig</c> as .NET options:
/// bind it from configuration (<c>services.Configure&lt;CloudflareOptions&gt;(...)</c>) or create it in code.
/// </summary>
public sealed record CloudflareOptions
{
    /// <summary>The default address of Cloudflare's API.</summary>
    public static readonly Uri DefaultApiBaseUrl = new("https://api.cloudflare.com/client/v4/");

    /// <summary>The bridge Worker's address (for example <c>https://objectql-bridge.example.workers.dev/</c>); when set, the bridge is the transport.</summary>
    public Uri? BridgeUrl { get; init; }

    /// <summary>The shared secret the bridge Worker holds as <c>BRIDGE_SECRET</c> (at least 16 characters).</summary>
    public string? BridgeSecret { get; init; }

    /// <summary>The D1 binding the bridge uses (the seed's <c>d1Binding</c>). Default: <c>DB</c>.</summary>
    public string D1Binding { get; init; } = "DB";

    /// <summary>
    /// The KV binding the bridge uses for the query cache (the seed's <c>kvCacheBinding</c>); null (the default) means
    /// no cache through the bridge.
    /// </summary>
    public string? KvCacheBinding { get; init; }

    /// <summary>How long a cached query result lives (the seed's <c>cacheTtl</c>). Default and minimum: 60 seconds, KV's minimum.</summary>
    public TimeSpan CacheTtl { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Cloudflare's API address, for the HTTP API transport. Default: <see cref="DefaultApiBaseUrl"/>.</summary>
    public Uri ApiBaseUrl { get; init; } = DefaultApiBaseUrl;

    /// <summary>The Cloudflare account id, for the HTTP API transport.</summary>
    public string? AccountId { get; init; }

    /// <summary>The D1 database id (a UUID), for the HTTP API transport.</summary>
    public string? DatabaseId { get; init; }

    /// <summary>An API token with D1 Write (and Workers KV Storage Write for the cache), for the HTTP API transport.</summary>
    public string? ApiToken { get; init; }

    /// <summary>The KV namespace id of the query cache, for the HTTP API transport; null means no cache.</summary>
    public string? KvNamespaceId { get; init; }

    /// <summary>How many times a request refused with 429 or a 5xx status (or a lost connection) is retried. Default: 4.</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>The first retry's delay; each next one doubles it (with jitter), unless Cloudflare sends <c>Retry-After</c>. Default: 200 ms.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>True when the bridge Worker is the transport (<see cref="BridgeUrl"/> is set).</summary>
    public bool UsesBridge => BridgeUrl is not null;

    /// <summary>True when a KV query cache is configured for the chosen transport.</summary>
    public bool HasCache => UsesBridge ? KvCacheBinding is not null : KvNamespaceId is not null;

    /// <summary>Checks the options; a missing or unusable setting is an <see cref="ErrorCodes.InvalidRequest"/> error naming it.</summary>
    public void Validate()
    {
        if (UsesBridge)
        {
            Require(BridgeSecret is { Length: >= 16 }, nameof(BridgeSecret), "the bridge Worker's shared secret (BRIDGE_SECRET) of at least 16 characters is required");
            Require(BridgeUrl!.IsAbsoluteUri, nameof(BridgeUrl), "the bridge Worker's address must be absolute");
            Require(!string.IsNullOrWhiteSpace(D1Binding), nameof(D1Binding), "a D1 binding name is required");
        }
        else
        {
            Require(!string.IsNullOrWhiteSpace(AccountId), nameof(AccountId), "set BridgeUrl for the bridge Worker, or AccountId, DatabaseId and ApiToken for D1's HTTP API");
            Require(!string.IsNullOrWhiteSpace(DatabaseId), nameof(DatabaseId), "D1's HTTP API needs the database id");
            Require(!string.IsNullOrWhiteSpace(ApiToken), nameof(ApiToken), "D1's HTTP API needs an API token");
            Require(ApiBaseUrl.IsAbsoluteUri, nameof(ApiBaseUrl), "the API address must be absolute");
        }
        Require(CacheTtl >= TimeSpan.FromSeconds(60), nameof(CacheTtl), "KV keeps values at least 60 seconds; the cache TTL cannot be shorter");
        Require(MaxRetries is >= 0 and <= 10, nameof(MaxRetries), "retries must be between 0 and 10");
        Require(RetryDelay >= TimeSpan.Zero, nameof(RetryDelay), "the retry delay cannot be negative");
    }

    private static void Require(bool condition, string option, string what)
    {
        if (!condition)
        {
            throw ObjectQLException.InvalidRequest($"Cloudflare option '{option}': {what}.", option, "invalid_option");
        }
    }
}
