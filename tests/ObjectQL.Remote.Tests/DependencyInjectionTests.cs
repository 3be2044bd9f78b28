using Microsoft.Extensions.DependencyInjection;
using ObjectQL.Remote.Tests.Server;
using Remote.Model;

namespace ObjectQL.Remote.Tests;

/// <summary><c>services.AddObjectQLRemote(...)</c>: an injected session over a client from IHttpClientFactory.</summary>
public sealed class DependencyInjectionTests : ServedDatabaseTests
{
    [Test]
    public async Task An_injected_session_serves_generated_repositories_with_the_configured_token()
    {
        var tokensAsked = 0;
        var services = new ServiceCollection();
        services.AddObjectQLRemote(AppModel.Objects, options =>
        {
            options.Endpoint = Served.Server.Endpoint;
            options.AccessToken = _ =>
            {
                Interlocked.Increment(ref tokensAsked);
                return ValueTask.FromResult<string?>(ServedDatabase.Alice);
            };
        });
        await using var provider = services.BuildServiceProvider();

        var session = provider.GetRequiredService<IObjectQLSession>();
        var created = await session.TodoItems().CreateAsync(new TodoItem { Title = "injected", Owner = "alice" });
        Assert.That(created.CreatedBy, Is.EqualTo("alice"));
        Assert.That(await provider.GetRequiredService<RemoteSession>().TodoItems().CountAsync(), Is.EqualTo(1));
        Assert.That(tokensAsked, Is.EqualTo(2), "the token is asked anew for every call");
    }

    [Test]
    public async Task Handlers_added_to_the_returned_builder_run_on_every_call()
    {
        var services = new ServiceCollection();
        services.AddObjectQLRemote(AppModel.Objects, options => options.Endpoint = Served.Server.Endpoint)
            .AddHttpMessageHandler(() => new AuthorizationHandler(ServedDatabase.Alice));
        await using var provider = services.BuildServiceProvider();

        var todos = provider.GetRequiredService<IObjectQLSession>().TodoItems();
        await todos.CreateAsync(new TodoItem { Title = "through a handler", Owner = "alice" });
        Assert.That(await todos.CountAsync(), Is.EqualTo(1));
    }

    /// <summary>Authenticates every request with a fixed bearer token: the delegating-handler way to authenticate.</summary>
    private sealed class AuthorizationHandler(string token) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
