using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ObjectQL.Metadata;

namespace ObjectQL.Remote.Http;

/// <summary>
/// Sends one REST call and hands back its JSON answer, or throws the server's error as the <see cref="ObjectQLException"/>
/// the local pipeline would have thrown. Every request carries the current bearer token when one is configured.
/// </summary>
internal sealed class RemoteHttp
{
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _client;
    private readonly Uri _endpoint;
    private readonly Func<CancellationToken, ValueTask<string?>>? _accessToken;

    public RemoteHttp(HttpClient client, RemoteSessionOptions options)
    {
        _client = client;
        _endpoint = EndpointOf(client, options);
        _accessToken = options.AccessToken;
        RpcPath = options.RpcPath is ['/', ..]
            ? options.RpcPath
            : throw new ArgumentException($"RemoteSessionOptions.RpcPath must start with '/', not '{options.RpcPath}'.", nameof(options));
        PageSize = options.PageSize > 0
            ? options.PageSize
            : throw new ArgumentException($"RemoteSessionOptions.PageSize must be at least 1, not {options.PageSize}.", nameof(options));
    }

    /// <summary>The most records one find request asks for.</summary>
    public int PageSize { get; }

    /// <summary>The path of the server's RPC endpoint, from the host's root.</summary>
    public string RpcPath { get; }

    /// <summary>The REST API's address, ending in a slash so object names resolve beneath it.</summary>
    public Uri Endpoint => _endpoint;

    /// <summary>
    /// Sends the call and parses its answer. With <paramref name="missingIsNull"/> a 404 about the record answers null (it
    /// is not there, or not one the caller may see); any other 404, and every other failure, throws.
    /// </summary>
    public async Task<JsonDocument?> SendAsync(
        HttpMethod method, string relativeUri, byte[]? jsonBody, bool missingIsNull, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(_endpoint, relativeUri));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (jsonBody is not null)
        {
            request.Content = new ByteArrayContent(jsonBody) { Headers = { ContentType = JsonMediaType } };
        }
        if (_accessToken is not null && await _accessToken(cancellationToken).ConfigureAwait(false) is { Length: > 0 } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                return await ParseAsync(stream, method, relativeUri, cancellationToken).ConfigureAwait(false);
            }
        }
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var error = RemoteErrors.FromResponse(response.StatusCode, body, response.Headers.RetryAfter, method, request.RequestUri!);
        // The server names the id when the record is missing; an unknown object names the object, and a 404 from a
        // route that is not the API (a wrong endpoint, a proxy) names nothing: those throw.
        if (missingIsNull && response.StatusCode == HttpStatusCode.NotFound && error.Code == ErrorCodes.NotFound &&
            error.Details.Any(static d => d.Field == SystemFields.Id))
        {
            return null;
        }
        throw error;
    }

    private static async Task<JsonDocument> ParseAsync(Stream stream, HttpMethod method, string relativeUri, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonDocument.ParseAsync(stream, default, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw new ObjectQLException(ErrorCodes.InternalError,
                $"The server's answer to {method} {relativeUri} is not valid JSON ({e.Message}); is the endpoint an ObjectQL REST API?", null, e);
        }
    }

    private static Uri EndpointOf(HttpClient client, RemoteSessionOptions options)
    {
        var endpoint = options.Endpoint ?? client.BaseAddress ?? throw new ArgumentException(
            "A remote session needs the server's address: set RemoteSessionOptions.Endpoint (the prefix given to MapObjectQL, such as https://host/api/data) or HttpClient.BaseAddress.",
            nameof(options));
        if (!endpoint.IsAbsoluteUri)
        {
            throw new ArgumentException($"The remote endpoint '{endpoint}' must be an absolute address.", nameof(options));
        }
        // Without the trailing slash, "todo_item" would replace the last segment of the prefix instead of going under it.
        return endpoint.AbsoluteUri.EndsWith('/') ? endpoint : new Uri(endpoint.AbsoluteUri + "/");
    }
}
