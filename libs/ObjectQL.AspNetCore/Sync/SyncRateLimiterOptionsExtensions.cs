using System.Threading.RateLimiting;
using ObjectQL.AspNetCore.Sync;

// Beside RateLimiterOptions' own AddPolicy/AddTokenBucketLimiter, where users of the rate limiter look.
namespace Microsoft.AspNetCore.RateLimiting;

/// <summary>Rate limiting for the sync endpoint through ASP.NET Core's rate limiter.</summary>
public static class SyncRateLimiterOptionsExtensions
{
    /// <summary>
    /// Adds the policy <paramref name="policyName"/>: one token bucket per principal (tenant and user from the host's
    /// authentication; per remote address for callers without one), each with <paramref name="perPrincipal"/>. A refused
    /// request is answered 429 <c>RATE_LIMIT_EXCEEDED</c> with <c>Retry-After</c> (seconds) and the usual error body, not
    /// the rate limiter's default 503. Apply it with <c>app.MapObjectQLSync().RequireRateLimiting(policyName)</c>.
    /// </summary>
    public static RateLimiterOptions AddObjectQLSyncPolicy(this RateLimiterOptions options, string policyName, TokenBucketRateLimiterOptions perPrincipal)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(policyName);
        ArgumentNullException.ThrowIfNull(perPrincipal);
        return options.AddPolicy(policyName, new SyncRateLimiterPolicy(perPrincipal));
    }
}
