using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ObjectQL;
using ObjectQL.Sqlite;
using ObjectQL.Sync.Server;
using TodoSync.Model;

namespace TodoSync;

/// <summary>
/// The sync server of the demo: <c>POST /api/sync</c> on Kestrel at 127.0.0.1 (a free port), over its own SQLite file.
/// A real deployment is the same code with a real identity provider instead of <see cref="DemoTokens"/>
/// (docs/offline-sync.md).
/// </summary>
internal sealed class DemoServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DemoServer(WebApplication app)
    {
        _app = app;
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        Address = new Uri(addresses.First());
    }

    /// <summary>Where the server listens.</summary>
    public Uri Address { get; }

    /// <summary>The server's database.</summary>
    public ObjectQLDatabase Database => _app.Services.GetRequiredService<ObjectQLDatabase>();

    public static async Task<DemoServer> StartAsync(string databasePath)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddAuthentication(DemoTokens.SchemeName).AddScheme<AuthenticationSchemeOptions, DemoTokens>(DemoTokens.SchemeName, null);
        builder.Services.AddAuthorization();
        builder.Services
            .AddObjectQL(db => db.UseSqlite($"Data Source={databasePath}").AddModel(AppModel.Objects))
            .AddSyncServer(new SyncServerOptions
            {
                // A real server reads its key from its secret store, the same on every instance.
                CheckpointKeys = new Dictionary<byte, byte[]> { [1] = RandomNumberGenerator.GetBytes(32) },
                CurrentCheckpointKeyId = 1,
            });
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapObjectQLSync().RequireAuthorization();
        await app.StartAsync();
        return new DemoServer(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>
/// The demo's sign-in: a bearer token names a user. A real server validates real tokens (JWT bearer, cookies) and
/// ObjectQL reads the same claims (user id, roles) from them.
/// </summary>
internal sealed class DemoTokens(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "DemoTokens";

    /// <summary>The demo's only token: Ada, a member, signed in on both of her devices.</summary>
    public const string AdaToken = "demo-token-ada";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Headers.Authorization.ToString() != "Bearer " + AdaToken)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "ada"), new Claim(ClaimTypes.Role, "member")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
