using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ObjectQL.AspNetCore.Security;

namespace ObjectQL.AspNetCore.Sync;

/// <summary>
/// A token bucket per principal (tenant and user, as <see cref="ObjectQLContextMapper"/> sees them; per remote address
/// for callers without one), answered with 429, <c>Retry-After</c> and an <c>{"error":{...}}</c> body rather than the
/// rate limiter's default 503.
/// </summary>
internal sealed class SyncRateLimiterPolicy(TokenBucketRateLimiterOptions perPrincipal) : IRateLimiterPolicy<string>
{
    // A limiter that says nothing about when to retry still gets a definite answer.
    private static readonly TimeSpan FallbackRetryAfter = TimeSpan.FromSeconds(1);

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = RejectAsync;

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        var mapper = httpContext.RequestServices.GetRequiredService<IOptions<ObjectQLContextMapper>>().Value;
        var key = mapper.ToContext(httpContext.User) is { UserId: { } user } context
            ? "principal\n" + context.TenantId + "\n" + user
            : "address\n" + httpContext.Connection.RemoteIpAddress;
        return RateLimitPartition.GetTokenBucketLimiter(key, _ => perPrincipal);
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) && wait > TimeSpan.Zero ? wait : FallbackRetryAfter;
        var seconds = (long)Math.Ceiling(retryAfter.TotalSeconds);
        var http = rejected.HttpContext;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        SyncEndpointLog.RateLimited(http.RequestServices.GetRequiredService<ILogger<SyncEndpoint>>(), seconds);
        SyncEndpointDiagnostics.Refusals.Add(1, new KeyValuePair<string, object?>("http.response.status_code", StatusCodes.Status429TooManyRequests),
            new KeyValuePair<string, object?>("objectql.error.code", ErrorCodes.RateLimitExceeded));
        await SyncHttpErrors.WriteAsync(http.Response, StatusCodes.Status429TooManyRequests, SyncHttpErrors.RateLimited(seconds), cancellationToken).ConfigureAwait(false);
    }
}
