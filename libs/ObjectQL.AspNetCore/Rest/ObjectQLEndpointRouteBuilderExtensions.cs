using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ObjectQL.AspNetCore.Rest;
using ObjectQL.AspNetCore.Rpc;

// Endpoint mapping extensions live in the namespace ASP.NET Core users already import for MapXxx calls.
namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps ObjectQL's HTTP data API onto an ASP.NET Core application.</summary>
public static class ObjectQLEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the REST routes under <paramref name="prefix"/> (<c>GET/POST {prefix}/{object}</c>,
    /// <c>GET/PUT/PATCH/DELETE {prefix}/{object}/{id}</c>, <c>POST {prefix}/{object}/bulk-update</c> and
    /// <c>bulk-delete</c>) and the RPC endpoint at <see cref="ObjectQLApiOptions.RpcPath"/> (<c>/api/objectql</c>), over
    /// the database <c>services.AddObjectQL(...)</c> registered. Each request gets a fresh session acting as its
    /// authenticated principal (<see cref="ObjectQL.AspNetCore.Security.ObjectQLContextMapper"/>). Returns the group of
    /// both, so <c>.RequireAuthorization()</c> and <c>.RequireRateLimiting(...)</c> apply to every route.
    /// </summary>
    public static RouteGroupBuilder MapObjectQL(this IEndpointRouteBuilder endpoints, string prefix = "/api/data", Action<ObjectQLApiOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        var options = new ObjectQLApiOptions();
        configure?.Invoke(options);
        Check(options);
        var data = prefix.TrimEnd('/');
        var rest = new RestEndpoints(options);
        var group = endpoints.MapGroup(string.Empty);
        group.MapGet(data + "/{object}", (RequestDelegate)rest.ListAsync);
        group.MapPost(data + "/{object}", (RequestDelegate)rest.CreateAsync);
        group.MapGet(data + "/{object}/{id}", (RequestDelegate)rest.GetAsync);
        group.MapMethods(data + "/{object}/{id}", [HttpMethods.Put, HttpMethods.Patch], (RequestDelegate)rest.UpdateAsync);
        group.MapDelete(data + "/{object}/{id}", (RequestDelegate)rest.DeleteAsync);
        group.MapPost(data + "/{object}/bulk-update", (RequestDelegate)rest.BulkUpdateAsync);
        group.MapPost(data + "/{object}/bulk-delete", (RequestDelegate)rest.BulkDeleteAsync);
        if (options.RpcPath is { } rpc)
        {
            group.MapPost(rpc, (RequestDelegate)new RpcEndpoint(options).HandleAsync);
        }
        return group;
    }

    private static void Check(ObjectQLApiOptions options)
    {
        if (options.MaxRequestBodyBytes <= 0 || options.DefaultPageSize <= 0 || options.MaxPageSize < options.DefaultPageSize)
        {
            throw new ArgumentException(
                "ObjectQLApiOptions needs MaxRequestBodyBytes > 0, DefaultPageSize > 0 and MaxPageSize >= DefaultPageSize.", nameof(options));
        }
        if (options.RpcPath is { } rpc && !rpc.StartsWith('/'))
        {
            throw new ArgumentException($"ObjectQLApiOptions.RpcPath must start with '/', not '{rpc}'.", nameof(options));
        }
    }
}
