using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ObjectQL.AspNetCore.Rest;
using ObjectQL.AspNetCore.Security;

namespace ObjectQL.Remote.Tests.Server;

/// <summary>
/// A real Kestrel server on 127.0.0.1 (a free port) serving an open database through <c>app.MapObjectQL("/api/data")</c>.
/// A request authenticates with <c>Authorization: Bearer &lt;token&gt;</c>; the token is the caller's key in
/// <c>callers</c>, which gives the context its session runs as. The database is the caller's: the server never disposes it.
/// </summary>
internal sealed class LiveServer : IAsyncDisposable
{
    public const string Prefix = "/api/data";

    private readonly WebApplication _app;

    private LiveServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The server's root, such as <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Address { get; }

    /// <summary>The REST API's address, the one a remote session is given.</summary>
    public Uri Endpoint => new(Address, Prefix);

    public static async Task<LiveServer> StartAsync(
        ObjectQLDatabase database, IReadOnlyDictionary<string, ObjectQLContext> callers, Action<ObjectQLApiOptions>? api = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton(database);
        builder.Services.AddOptions<ObjectQLContextMapper>().Configure(mapper =>
            mapper.Map = principal => callers.GetValueOrDefault(principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? ""));
        builder.Services.AddAuthentication(BearerTokenHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null);
        var app = builder.Build();
        app.UseAuthentication();
        app.MapObjectQL(Prefix, api);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new LiveServer(app, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Authenticates any bearer token as the principal whose name identifier is the token; no token, no principal.</summary>
    private sealed class BearerTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "Bearer";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var header = Request.Headers.Authorization.ToString();
            if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }
            var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, header["Bearer ".Length..])], SchemeName);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
        }
    }
}
