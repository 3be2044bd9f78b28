using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ObjectQL.AspNetCore.Rest;
using ObjectQL.Metadata;
using ObjectQL.Sqlite;

namespace ObjectQL.AspNetCore.Tests.Rest;

/// <summary>
/// A real Kestrel server on 127.0.0.1 (port 0) serving <c>MapObjectQL</c> over a SQLite file, with a test
/// authentication scheme: <c>Authorization: Test user-id role,role</c>.
/// </summary>
internal sealed class RestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _directory;
    private readonly ObjectModel _model;

    private RestServer(WebApplication app, string directory, HttpClient client, CollectingLogger log, ObjectModel model)
    {
        Log = log;
        _app = app;
        _directory = directory;
        _model = model;
        Client = client;
    }

    public HttpClient Client { get; }

    /// <summary>What the server logged at Information and above.</summary>
    public CollectingLogger Log { get; }

    public IServiceProvider Services => _app.Services;

    public ObjectQLDatabase Database => _app.Services.GetRequiredService<ObjectQLDatabase>();

    /// <summary>The SQLite file behind the server.</summary>
    public string DatabasePath => Path.Combine(_directory, "rest.db");

    public static async Task<RestServer> StartAsync(
        Action<ObjectQLApiOptions>? configure = null,
        ObjectModel? model = null,
        Action<WebApplicationBuilder>? services = null,
        Action<WebApplication>? map = null)
    {
        var directory = Directory.CreateTempSubdirectory("objectql-rest-").FullName;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var log = new CollectingLogger();
        builder.Logging.ClearProviders().AddProvider(log);
        model ??= RestModels.Model;
        builder.Services.AddObjectQL(db => db.UseSqlite($"Data Source={Path.Combine(directory, "rest.db")};Pooling=False").AddModel(model));
        builder.Services.AddAuthentication(TestAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, TestAuthentication>(TestAuthentication.SchemeName, _ => { });
        builder.Services.AddAuthorization();
        services?.Invoke(builder);
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        if (map is null)
        {
            app.MapObjectQL("/api/data", configure);
        }
        else
        {
            map(app);
        }
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new RestServer(app, directory, new HttpClient { BaseAddress = new Uri(address) }, log, model);
    }

    /// <summary>
    /// Empties the table of every object the server was started with and the log, so one server can serve a whole fixture: each test then starts from an
    /// empty database without paying for a new host. Tests that configure the server differently start their own.
    /// </summary>
    public async Task ResetAsync()
    {
        foreach (var definition in _model.Objects)
        {
            await Database.Object(definition.Name).DeleteManyAsync(null);
        }
        Log.Entries.Clear();
    }

    /// <summary>Sends a request as <paramref name="user"/> (none: unauthenticated) and reads the JSON answer.</summary>
    public async Task<Answer> SendAsync(HttpMethod method, string path, string? json = null, string? user = "u1", string roles = "admin", string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        if (user is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(TestAuthentication.SchemeName, $"{user} {roles}");
        }
        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode == HttpStatusCode.InternalServerError)
        {
            TestContext.Out.WriteLine(string.Join(Environment.NewLine, Log.Entries));
        }
        return new Answer(response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), text);
    }

    public Task<Answer> GetAsync(string path, string? user = "u1", string roles = "admin") => SendAsync(HttpMethod.Get, path, null, user, roles);

    public Task<Answer> PostAsync(string path, string json, string? user = "u1", string roles = "admin") => SendAsync(HttpMethod.Post, path, json, user, roles);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>An answer: its status, its JSON body and the body's text.</summary>
    public sealed record Answer(HttpStatusCode Status, JsonElement Body, string Text)
    {
        public JsonElement Error => Body.GetProperty("error");

        public string ErrorCode => Error.GetProperty("code").GetString()!;

        public string? ErrorField => Error.TryGetProperty("details", out var details) ? details[0].GetProperty("field").GetString() : null;

        public string? ErrorReason => Error.TryGetProperty("details", out var details) ? details[0].GetProperty("reason").GetString() : null;
    }

    /// <summary>Authenticates <c>Authorization: Test user-id role,role</c>; anything else is anonymous.</summary>
    private sealed class TestAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "Test";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var header = Request.Headers.Authorization.ToString();
            if (!header.StartsWith(SchemeName + " ", StringComparison.Ordinal))
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }
            var parts = header[(SchemeName.Length + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, parts[0]) };
            if (parts.Length > 1)
            {
                claims.AddRange(parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(role => new Claim(ClaimTypes.Role, role)));
            }
            var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
        }
    }
}
