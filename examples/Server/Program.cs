// The ObjectQL server: the REST API and the sync endpoint over a SQLite file (or PostgreSQL), a health check,
// development authentication and optional console telemetry. Start it with
//   dotnet run --project examples/Server -- --urls http://127.0.0.1:5080
// docs/hosting/edge.md describes every setting; each can also come from an environment variable (ObjectQL__Postgres=...).
using ObjectQL;
using ObjectQL.Postgres;
using ObjectQL.Sqlite;
using Server;
using Server.Model;

// Configuration files are read once at start, not watched (no file watcher to set up): a change to appsettings.json
// takes effect at the next start. --hostBuilder:reloadConfigOnChange=true on the command line watches them again.
var builder = WebApplication.CreateSlimBuilder(["--hostBuilder:reloadConfigOnChange=false", .. args]);
var settings = ServerSettings.Read(builder.Configuration, builder.Environment);

var sync = SyncSettings.Read(builder.Configuration, settings.DevelopmentAuthentication, out var syncDescription);
var objectQL = builder.Services.AddObjectQL(db =>
{
    if (settings.PostgresConnectionString is { } postgres)
    {
        if (!ServerFeatures.IsPostgresSupported)
        {
            throw new InvalidOperationException("This build of the server has no PostgreSQL driver (published with ServerPostgres=false); unset ObjectQL:Postgres or publish it with the driver.");
        }
        db.UsePostgres(postgres);
    }
    else
    {
        db.UseSqlite(settings.SqliteConnectionString);
    }
    db.AddModel(AppModel.Objects);
    db.ConfigureOptions(options => options with
    {
        // Objects without a permission file are refused to users, not opened to them.
        AllowObjectsWithoutPermissions = false,
        Diagnostics = options.Diagnostics with { LogParameterValues = settings.LogSqlValues },
    });
});
if (sync is not null)
{
    objectQL.AddSyncServer(sync);
}
builder.Services.AddServerAuthentication(settings);
builder.Services.AddAuthorization();
builder.Services.AddHealthChecks().AddObjectQL("database");
if (settings.ConsoleTelemetry)
{
    builder.Services.AddHostedService<ConsoleTelemetry>();
}

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
app.MapHealthChecks("/health", HealthResponse.Endpoint());
// MapObjectQL refuses callers without an authenticated user itself (401 with the error body), so no policy is needed
// here; chain .RequireAuthorization(...) or .RequireRateLimiting(...) for more.
app.MapObjectQL("/api/data");
if (sync is not null)
{
    app.MapObjectQLSync();
}
app.Logger.LogInformation("ObjectQL server on {Runtime}, store {Store}, development authentication {DevelopmentAuthentication}, sync {Sync}.",
    RuntimeProfile.Current.Host, settings.StoreName, settings.DevelopmentAuthentication ? "ON (never use it in production)" : "off", syncDescription);
await app.RunAsync();
