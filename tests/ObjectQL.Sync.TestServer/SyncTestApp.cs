using System.Security.Cryptography;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ObjectQL.Drivers;
using ObjectQL.Postgres;
using ObjectQL.Sqlite;
using ObjectQL.Sync.Server;
using ObjectQL.Sync.Server.Configuration;

namespace ObjectQL.Sync.TestServer;

/// <summary>What a test sync server runs on and how it behaves.</summary>
public sealed record SyncTestAppOptions
{
    /// <summary>A SQLite file path; exactly one of this and <see cref="PostgresConnectionString"/>.</summary>
    public string? SqlitePath { get; init; }

    /// <summary>A PostgreSQL connection string; exactly one of this and <see cref="SqlitePath"/>.</summary>
    public string? PostgresConnectionString { get; init; }

    /// <summary>The endpoint's limits and paging.</summary>
    public SyncEndpointConfig Endpoint { get; init; } = new();

    /// <summary>The checkpoint signing key (32 bytes or more); instances over one database share it. A random one when null.</summary>
    public byte[]? CheckpointKey { get; init; }

    /// <summary>Holds each transaction open up to this long before it commits (<see cref="CommitDelayPlugin"/>); none when zero.</summary>
    public TimeSpan CommitDelay { get; init; }

    /// <summary>The database's and the sync server's clock; the system clock when null.</summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>A per-principal rate limit on the endpoint (policy <c>sync</c>); none when null.</summary>
    public TokenBucketRateLimiterOptions? RateLimit { get; init; }

    /// <summary>Wraps the store's driver (a decorator that counts, delays or replaces a capability); none when null.</summary>
    public Func<IObjectQLDriver, IObjectQLDriver>? DecorateDriver { get; init; }

    /// <summary>Changes to the services after the defaults (tests replace or add parts here).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>Middleware that runs before the endpoint (tests observe requests here).</summary>
    public Action<WebApplication>? ConfigurePipeline { get; init; }
}

/// <summary>Builds and starts the test sync server on a free loopback port.</summary>
public static class SyncTestApp
{
    /// <summary>The rate-limiting policy name the endpoint uses when <see cref="SyncTestAppOptions.RateLimit"/> is set.</summary>
    public const string RatePolicy = "sync";

    /// <summary>Builds the application (not started).</summary>
    public static WebApplication Build(SyncTestAppOptions options, string[]? args = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder(args ?? []);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddAuthentication(HeaderAuthentication.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, HeaderAuthentication>(HeaderAuthentication.SchemeName, null);
        builder.Services.AddAuthorization();
        builder.Services.AddObjectQL(db =>
        {
            IObjectQLDriver driver = options.SqlitePath is { } path
                ? new SqliteDriver($"Data Source={path};Pooling=False")
                : new PostgresDriver(options.PostgresConnectionString ?? throw new InvalidOperationException("Name a SQLite path or a PostgreSQL connection string."));
            db.UseDriver(options.DecorateDriver?.Invoke(driver) ?? driver);
            db.AddModel(SyncTestModel.Objects);
            if (options.TimeProvider is { } time)
            {
                db.ConfigureOptions(settings => settings with { TimeProvider = time });
            }
            if (options.CommitDelay > TimeSpan.Zero)
            {
                db.AddPlugin(new CommitDelayPlugin(options.CommitDelay));
            }
        }).AddSyncServer(new SyncServerOptions
        {
            Endpoint = options.Endpoint,
            CheckpointKeys = new Dictionary<byte, byte[]> { [1] = options.CheckpointKey ?? RandomNumberGenerator.GetBytes(32) },
            CurrentCheckpointKeyId = 1,
            TimeProvider = options.TimeProvider,
        });
        if (options.RateLimit is { } limit)
        {
            builder.Services.AddRateLimiter(limiter => limiter.AddObjectQLSyncPolicy(RatePolicy, limit));
        }
        options.ConfigureServices?.Invoke(builder.Services);

        var app = builder.Build();
        options.ConfigurePipeline?.Invoke(app);
        app.UseAuthentication();
        app.UseAuthorization();
        if (options.RateLimit is not null)
        {
            app.UseRateLimiter();
        }
        var sync = app.MapObjectQLSync();
        if (options.RateLimit is not null)
        {
            sync.RequireRateLimiting(RatePolicy);
        }
        return app;
    }

    /// <summary>The address the started application listens on, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public static Uri Address(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.First());
    }
}
