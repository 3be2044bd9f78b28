// The ObjectQL server: the REST API and the sync endpoint over a SQLite file (or PostgreSQL), a health check,
// development authentication and optional console telemetry. Start it with
//   dotnet run --project examples/Server -- --urls http://127.0.0.1:5080
// docs/hosting/edge.md describes every setting; each can also come from an environment variable (ObjectQL__Postgres=...).
using ObjectQL;
using ObjectQL.Postgres;
using ObjectQL.Sqlite;
using Server;
using Server.Model;

// Only the services the server uses (ServerHostBuilder.cs): configuration files are read once at start, not watched,
// so a change to appsettings.json takes effect at the next start.
var builder = ServerHostBuilder.Create(args);
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
builder.Services.AddHealthChecks().AddObjectQL("database");
builder.Services.WithoutHealthCheckPublisher();
if (settings.ConsoleTelemetry)
{
    builder.Services.AddHostedService<ConsoleTelemetry>();
}

var app = builder.Build();
app.UseAuthentication();
app.MapHealthChecks("/health", HealthResponse.Endpoint());
// MapObjectQL and MapObjectQLSync refuse callers without an authenticated user themselves (401 with the error body), so
// no policy and no authorization services are needed here; for a policy, add builder.Services.AddAuthorization() and
// app.UseAuthorization() and chain .RequireAuthorization(...) (and .RequireRateLimiting(...) with AddRateLimiter).
app.MapObjectQL("/api/data");
if (sync is not null)
{
    app.MapObjectQLSync();
}
app.Logger.LogInformation("ObjectQL server on {Runtime}, store {Store}, development authentication {DevelopmentAuthentication}, sync {Sync}.",
    RuntimeProfile.Current.Host, settings.StoreName, settings.DevelopmentAuthentication ? "ON (never use it in production)" : "off", syncDescription);
await app.RunAsync();
