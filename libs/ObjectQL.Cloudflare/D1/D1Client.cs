using System.Net.Http.Headers;
using System.Text.Json;

namespace ObjectQL.Cloudflare.D1;

/// <summary>
/// Sends D1 query requests over HTTP to the bridge Worker or to D1's HTTP query API (same body, same envelope; only
/// the address and the credentials differ). Every request is one atomic batch. 429 and 5xx answers, refused
/// connections and (for batches that only read) lost answers are retried with exponential backoff and jitter,
/// honouring <c>Retry-After</c>; a SQL error never is.
/// Through the bridge, the newest D1 session bookmark travels with every request, so a read sees every earlier write
/// of this client even on a read replica.
/// </summary>
internal sealed class D1Client
{
    /// <summary>The header that carries D1 session bookmarks between the client and the bridge.</summary>
    public const string BookmarkHeader = "x-objectql-bookmark";

    /// <summary>The header that names the bridge's D1 binding.</summary>
    public const string BindingHeader = "x-objectql-d1";

    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http;
    private readonly CloudflareOptions _options;
    private readonly TimeProvider _time;
    private readonly Uri _endpoint;
    private readonly string _token;
    private string? _bookmark;

    public D1Client(HttpClient http, CloudflareOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _http = http;
        _options = options;
        _time = time ?? TimeProvider.System;
        if (options.UsesBridge)
        {
            _endpoint = new Uri(options.BridgeUrl!, "d1/query");
            _token = options.BridgeSecret!;
        }
        else
        {
            _endpoint = new Uri(options.ApiBaseUrl, $"accounts/{Uri.EscapeDataString(options.AccountId!)}/d1/database/{Uri.EscapeDataString(options.DatabaseId!)}/query");
            _token = options.ApiToken!;
        }
    }

    /// <summary>How many HTTP requests were sent (retries included).</summary>
    public int Requests => _requests;

    private int _requests;

    /// <summary>Runs <paramref name="statements"/> as one atomic batch; returns one result per statement.</summary>
    public async Task<List<D1QueryResult>> RunAsync(IReadOnlyList<D1Statement> statements, CancellationToken cancellationToken)
    {
        var body = D1Requests.Batch(statements);
        var readOnly = statements.All(static s => s.Sql.AsSpan().TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase));
        for (var attempt = 0; ; attempt++)
        {
            var (response, retryAfter) = await SendAsync(body, readOnly, attempt, cancellationToken).ConfigureAwait(false);
            if (response is not null)
            {
                return response.Result is { Count: var count } result && count == statements.Count
                    ? result
                    : throw new D1Exception(200, 0, $"D1 answered {response.Result?.Count ?? 0} results for {statements.Count} statements.");
            }
            await Task.Delay(Backoff(attempt, retryAfter), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    // The parsed answer, or null with the delay Cloudflare asked for when the request should be retried.
    private async Task<(D1Response? Response, TimeSpan? RetryAfter)> SendAsync(byte[] body, bool readOnly, int attempt, CancellationToken cancellationToken)
    {
        var canRetry = attempt < _options.MaxRetries;
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = Json;
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        if (_options.UsesBridge)
        {
            request.Headers.TryAddWithoutValidation(BindingHeader, _options.D1Binding);
            if (Volatile.Read(ref _bookmark) is { } bookmark)
            {
                request.Headers.TryAddWithoutValidation(BookmarkHeader, bookmark);
            }
        }
        HttpResponseMessage answer;
        try
        {
            Interlocked.Increment(ref _requests);
            answer = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException exception) when (canRetry && (readOnly || exception.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError))
        {
            // Nothing reached D1, or the batch only reads: safe to send again. A write whose answer was lost is not
            // resent, since it may have been applied.
            return (null, null);
        }
        catch (HttpRequestException exception)
        {
            throw Unreachable(exception.Message, exception);
        }
        using (answer)
        {
            var status = (int)answer.StatusCode;
            var transient = status == 429 || status >= 500;
            var envelope = await ReadAsync(answer, cancellationToken).ConfigureAwait(false);
            if (envelope is { Success: true } && answer.IsSuccessStatusCode)
            {
                Remember(answer);
                return (envelope, null);
            }
            var error = envelope?.Errors?.FirstOrDefault();
            if (error?.Code == D1Exception.SqlError)
            {
                throw new D1Exception(status, error.Code, error.Message ?? "D1 gave no reason.");
            }
            if (transient && canRetry)
            {
                return (null, answer.Headers.RetryAfter?.Delta);
            }
            if (status is 401 or 403 || error?.Code == 10000)
            {
                throw new ObjectQLException(ErrorCodes.DatabaseError,
                    $"Cloudflare refused the credentials ({status}): check {(_options.UsesBridge ? "BridgeSecret against the Worker's BRIDGE_SECRET" : "ApiToken (it needs D1 Write)")}.",
                    [new ErrorDetail(_options.UsesBridge ? nameof(CloudflareOptions.BridgeSecret) : nameof(CloudflareOptions.ApiToken), "refused", "unauthorized")]);
            }
            var reason = error?.Message ?? $"HTTP {status} without a D1 answer";
            throw transient
                ? Unreachable($"{reason} (still failing after {_options.MaxRetries} retries)", null)
                : new D1Exception(status, error?.Code ?? 0, reason);
        }
    }

    private static async Task<D1Response?> ReadAsync(HttpResponseMessage answer, CancellationToken cancellationToken)
    {
        var bytes = await answer.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return bytes.Length == 0 ? null : JsonSerializer.Deserialize(bytes, D1JsonContext.Default.D1Response);
        }
        catch (JsonException)
        {
            return null; // an HTML error page from a proxy, say: the status decides
        }
    }

    // Bookmarks order lexically; keep the newest so no later read lands on a replica behind a write already seen.
    private void Remember(HttpResponseMessage answer)
    {
        if (!answer.Headers.TryGetValues(BookmarkHeader, out var values))
        {
            return;
        }
        var next = values.FirstOrDefault();
        string? current;
        do
        {
            current = Volatile.Read(ref _bookmark);
            if (next is null || (current is not null && string.CompareOrdinal(current, next) >= 0))
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _bookmark, next, current) != current);
    }

    private TimeSpan Backoff(int attempt, TimeSpan? retryAfter)
    {
        if (retryAfter is { } asked && asked > TimeSpan.Zero)
        {
            return asked;
        }
        var exponential = _options.RetryDelay.TotalMilliseconds * Math.Pow(2, attempt);
        return TimeSpan.FromMilliseconds(exponential * (0.5 + Random.Shared.NextDouble() / 2));
    }

    private static ObjectQLException Unreachable(string message, Exception? inner) =>
        new(ErrorCodes.DatabaseError, $"Cloudflare D1 is unreachable: {message}.", [new ErrorDetail(null, message, "unavailable")], inner);
}
