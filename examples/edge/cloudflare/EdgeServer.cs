// The example server's REST API and sync endpoint with Cloudflare D1 as the database and Workers KV as the query cache.
// The same objects, permissions and development sign-in as examples/Server; only the store differs. Configure it with
// environment variables (CloudflareSettings) and start it with
//   dotnet run --project examples/edge/cloudflare -- --urls http://127.0.0.1:5090
// examples/edge/cloudflare/README.md shows a real account and a local Miniflare.
using EdgeCloudflare.Model;
using ObjectQL;
using ObjectQL.Cloudflare;
using Server;

namespace EdgeCloudflare;

/// <summary>Builds and runs the server.</summary>
public static class EdgeServer
{
    /// <summary>Runs the server until it is stopped.</summary>
    public static async Task Main(string[] args) => await Build(args).RunAsync();

    /// <summary>The configured application, not yet started (tests start it on a free port).</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        var settings = ServerSettings.Read(builder.Configuration, builder.Environment);
        var cloudflare = CloudflareSettings.Read(builder.Configuration);
        var sync = SyncSettings.Read(builder.Configuration, settings.DevelopmentAuthentication, out var syncDescription);
        // One HttpClient for the process: it pools the connections to the bridge Worker or Cloudflare's API.
        builder.Services.AddHttpClient(nameof(CloudflareOptions));
        var objectQL = builder.Services.AddObjectQL((services, db) =>
        {
            var http = services.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(CloudflareOptions));
            db.UseCloudflareD1(cloudflare, http);
            db.AddModel(AppModel.Objects);
            db.ConfigureOptions(options => options with { AllowObjectsWithoutPermissions = false });
        });
        if (sync is not null)
        {
            objectQL.AddSyncServer(sync);
        }
        builder.Services.AddServerAuthentication(settings);
        builder.Services.AddAuthorization();

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapObjectQL("/api/data");
        if (sync is not null)
        {
            app.MapObjectQLSync();
        }
        app.Logger.LogInformation("ObjectQL on Cloudflare D1 through {Transport}, KV cache {Cache}, sync {Sync}.",
            cloudflare.UsesBridge ? "the bridge Worker" : "D1's HTTP API", cloudflare.HasCache ? "on" : "off", syncDescription);
        return app;
    }
}
