using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace ObjectQL.Cloudflare.Kv;

/// <summary>
/// A Workers KV namespace over HTTP: through the bridge Worker (<c>/kv/&lt;key&gt;</c>, its KV binding) or KV's HTTP
/// API (<c>accounts/{account}/storage/kv/namespaces/{namespace}/values/{key}</c>). Keys are percent-encoded. Values
/// expire after a TTL of at least 60 seconds (KV's minimum) or never.
/// </summary>
internal sealed class KvStore
{
    /// <summary>The header that names the bridge's KV binding.</summary>
    public const string BindingHeader = "x-objectql-kv";

    private readonly HttpClient _http;
    private readonly CloudflareOptions _options;
    private readonly Uri _values;
    private readonly string _token;

    public KvStore(HttpClient http, CloudflareOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _http = http;
        _options = options;
        if (options.UsesBridge)
        {
            _values = new Uri(options.BridgeUrl!, "kv/");
            _token = options.BridgeSecret!;
        }
        else
        {
            var ns = options.KvNamespaceId ?? throw ObjectQLException.InvalidRequest("Cloudflare option 'KvNamespaceId': the KV cache over the HTTP API needs the namespace id.", nameof(CloudflareOptions.KvNamespaceId), "invalid_option");
            _values = new Uri(options.ApiBaseUrl, $"accounts/{Uri.EscapeDataString(options.AccountId!)}/storage/kv/namespaces/{Uri.EscapeDataString(ns)}/values/");
            _token = options.ApiToken!;
        }
    }

    /// <summary>The value of <paramref name="key"/>, or null when there is none (missing or expired).</summary>
    public async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, key, null);
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        Ensure(response, key);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes <paramref name="value"/> under <paramref name="key"/>, expiring after <paramref name="ttl"/> (null: never).</summary>
    public async Task PutAsync(string key, byte[] value, TimeSpan? ttl, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Put, key, ttl);
        request.Content = new ByteArrayContent(value);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        Ensure(response, key);
    }

    private HttpRequestMessage Request(HttpMethod method, string key, TimeSpan? ttl)
    {
        var address = Uri.EscapeDataString(key);
        if (ttl is { } expiry)
        {
            var seconds = Math.Max(60, (long)Math.Ceiling(expiry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            address += (_options.UsesBridge ? "?ttl=" : "?expiration_ttl=") + seconds;
        }
        var request = new HttpRequestMessage(method, new Uri(_values, address));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        if (_options.UsesBridge)
        {
            request.Headers.TryAddWithoutValidation(BindingHeader, _options.KvCacheBinding);
        }
        return request;
    }

    private static void Ensure(HttpResponseMessage response, string key)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"KV answered {(int)response.StatusCode} for key '{key}'.", null, response.StatusCode);
        }
    }
}
