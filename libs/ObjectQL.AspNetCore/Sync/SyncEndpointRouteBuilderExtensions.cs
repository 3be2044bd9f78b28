using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ObjectQL.AspNetCore.Sync;
using ObjectQL.Sync.Server.Configuration;

// Endpoint mapping extensions live where ASP.NET Core users already look for MapXxx calls.
namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the sync endpoint of RFC section 2 (<c>POST /api/sync</c>).</summary>
public static class SyncEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST</c> on <see cref="SyncEndpointConfig.Path"/> (<c>/api/sync</c> by default) to the sync server registered
    /// with <c>AddSyncServer</c>. The endpoint refuses callers without a principal itself (401); chain
    /// <c>.RequireAuthorization(...)</c> for a policy and <c>.RequireRateLimiting(...)</c> for a per-principal limit.
    /// </summary>
    /// <returns>The endpoint's builder, for conventions such as authorization, rate limiting and CORS.</returns>
    public static IEndpointConventionBuilder MapObjectQLSync(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var config = endpoints.ServiceProvider.GetService<SyncEndpointConfig>() ?? throw new InvalidOperationException(
            "MapObjectQLSync needs the sync server: call services.AddObjectQL(...).AddSyncServer(...) when registering services.");
        var endpoint = new SyncEndpoint(config.Validate(), endpoints.ServiceProvider.GetRequiredService<ILogger<SyncEndpoint>>());
        return endpoints.MapPost(config.Path, endpoint.InvokeAsync).WithDisplayName("ObjectQL sync");
    }
}
