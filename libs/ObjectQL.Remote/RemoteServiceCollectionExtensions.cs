using Microsoft.Extensions.Options;
using ObjectQL;
using ObjectQL.Metadata;
using ObjectQL.Remote;

// Registration extensions live in the namespace DI users already import for AddXxx calls.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers a <see cref="RemoteSession"/> over an <see cref="HttpClient"/> from <c>IHttpClientFactory</c>.</summary>
public static class RemoteServiceCollectionExtensions
{
    private const string HttpClientName = "ObjectQL.Remote";

    /// <summary>
    /// Registers <see cref="RemoteSession"/> (and <see cref="IObjectQLSession"/>, so generated <c>session.TodoItems()</c>
    /// work on an injected session) for the objects of <paramref name="model"/>, configured by <paramref name="configure"/>:
    /// <c>services.AddObjectQLRemote(AppModel.Objects, o =&gt; o.Endpoint = new Uri("https://api.example.com/api/data"))</c>.
    /// Sessions are transient and cheap; their <see cref="HttpClient"/> comes from <c>IHttpClientFactory</c>, which pools
    /// the connections. The returned builder adds handlers (authentication, retries) to that client.
    /// </summary>
    public static IHttpClientBuilder AddObjectQLRemote(this IServiceCollection services, ObjectModel model, Action<RemoteSessionOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<RemoteSessionOptions>().Configure(configure);
        services.AddTransient(provider => new RemoteSession(
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            model,
            provider.GetRequiredService<IOptions<RemoteSessionOptions>>().Value));
        services.AddTransient<IObjectQLSession>(provider => provider.GetRequiredService<RemoteSession>());
        return services.AddHttpClient(HttpClientName);
    }
}
