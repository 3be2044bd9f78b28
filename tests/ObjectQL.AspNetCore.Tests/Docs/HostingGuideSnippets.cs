using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ObjectQL.AspNetCore.Rest;
using ObjectQL.AspNetCore.Security;
using ObjectQL.Metadata;
using ObjectQL.Sqlite;

namespace ObjectQL.AspNetCore.Tests.Docs;

/// <summary>
/// The C# blocks of docs/hosting/aspnetcore.md, each between <c>// doc:</c> markers, compiled with the tests;
/// <see cref="HostingGuideTests"/> checks the page shows exactly these.
/// </summary>
internal static class HostingGuideSnippets
{
    // The generated model of an application; the tests stand in with the kit's samples.
    private static class AppModel
    {
        public static ObjectModel Objects => Testing.TestModels.Samples;
    }

    public static void Setup(string[] args)
    {
        // doc:begin
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
        builder.Services.AddAuthorization();
        builder.Services
            .AddObjectQL(db => db.UseSqlite("Data Source=app.db").AddModel(AppModel.Objects))
            .AddHealthCheck();

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapObjectQL("/api/data").RequireAuthorization();
        app.MapHealthChecks("/health");
        app.Run();
        // doc:end
    }

    public static void Claims(WebApplicationBuilder builder)
    {
        // doc:begin
        builder.Services.Configure<ObjectQLContextMapper>(mapper =>
        {
            mapper.UserIdClaimType = "sub";
            mapper.TenantIdClaimType = "org_id";
        });
        // doc:end
    }

    public static void CustomMapping(WebApplicationBuilder builder)
    {
        // doc:begin
        builder.Services.Configure<ObjectQLContextMapper>(mapper => mapper.Map = principal =>
            principal.IsInRole("service")
                ? ObjectQLContext.System
                : ObjectQLContext.ForUser(principal.FindFirst("sub")!.Value, principal.FindAll("role").Select(claim => claim.Value)));
        // doc:end
    }

    public static void Options(WebApplication app)
    {
        // doc:begin
        app.MapObjectQL("/api/data", options =>
        {
            options.RpcPath = "/api/objectql";              // null maps no RPC endpoint
            options.AllowAnonymous = false;                 // true: unauthenticated callers act as nobody (no roles)
            options.ServeObjectsWithoutPermissions = false; // true: objects without a permission set are served
            options.MaxRequestBodyBytes = 1024 * 1024;      // larger bodies: 413
            options.DefaultPageSize = 100;                  // a list without top/limit
            options.MaxPageSize = 1000;                     // a larger top/limit: 400
        });
        // doc:end
    }

    public static void RateLimiting(WebApplicationBuilder builder, WebApplication app)
    {
        // doc:begin
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.AddFixedWindowLimiter("api", window =>
            {
                window.PermitLimit = 100;
                window.Window = TimeSpan.FromMinutes(1);
            });
            limiter.OnRejected = ObjectQLHttpErrors.OnRateLimited;
        });
        // doc:end
        // doc:begin
        app.UseRateLimiter();
        app.MapObjectQL("/api/data").RequireAuthorization().RequireRateLimiting("api");
        // doc:end
    }

    public static void HealthChecks(WebApplicationBuilder builder, WebApplication app)
    {
        // doc:begin
        builder.Services.AddHealthChecks().AddObjectQL(tags: ["ready"]);
        // doc:end
        // doc:begin
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        // doc:end
    }

    public static void Logging(WebApplicationBuilder builder)
    {
        // doc:begin
        builder.Services
            .AddObjectQL(db => db.UseSqlite("Data Source=app.db").AddModel(AppModel.Objects))
            .AddDriverLogging(options => options.IncludeValues = builder.Environment.IsDevelopment());
        // doc:end
    }

    public static void NativeStart(string[] args)
    {
        // doc:begin
        // Only what the server serves: Kestrel without HTTPS configuration, routing, a console log, and configuration
        // read once (files not watched), the command line last so it wins.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { Args = args });
        builder.Configuration
            .AddJsonFile("appsettings.json", optional: true, reloadOnChange: false)
            .AddEnvironmentVariables()
            .AddCommandLine(args);
        builder.WebHost.UseKestrelCore();
        builder.Services.AddRoutingCore();
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging")).AddSimpleConsole();
        // The scheme alone, without AddAuthentication's data protection (key ring, XML) that this scheme never uses.
        builder.Services.AddAuthenticationCore(options =>
        {
            options.AddScheme<ApiKeyHandler>("ApiKey", displayName: null);
            options.DefaultScheme = "ApiKey";
        });
        builder.Services.TryAddSingleton(UrlEncoder.Default);
        // doc:end
    }

    // Stands in for an application's own scheme.
    private sealed class ApiKeyHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(AuthenticateResult.NoResult());
    }
}
