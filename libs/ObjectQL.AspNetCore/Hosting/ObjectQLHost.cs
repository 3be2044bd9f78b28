using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ObjectQL.AspNetCore.Hosting;

/// <summary>
/// Owns the application's one <see cref="ObjectQLDatabase"/>: opened when the host starts (schema sync, plugins
/// attached) and disposed when it stops. Requests get sessions from it; nothing is built per request.
/// </summary>
public sealed class ObjectQLHost : IHostedService, IAsyncDisposable
{
    private readonly IServiceProvider _services;
    private readonly ObjectQLHostOptions _options;
    private ObjectQLDatabase? _database;

    /// <summary>Creates the host part; the DI container does this for <c>AddObjectQL</c>.</summary>
    public ObjectQLHost(IServiceProvider services, IOptions<ObjectQLHostOptions> options)
    {
        _services = services;
        _options = options.Value;
    }

    /// <summary>The open database. Reading it before the host has started is a programming error and says so.</summary>
    public ObjectQLDatabase Database => _database ?? throw new InvalidOperationException(
        "The ObjectQL database is not open yet: it opens when the host starts (IHost.StartAsync). Resolve it from a request, a hosted service's ExecuteAsync or after app.StartAsync().");

    /// <summary>Whether the database is open.</summary>
    public bool IsOpen => _database is not null;

    /// <summary>Opens the database from the configured steps, with the host's <see cref="ILoggerFactory"/> for statement logging.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_database is not null)
        {
            return;
        }
        var builder = ObjectQLDatabase.CreateBuilder();
        foreach (var step in _options.DatabaseSetup)
        {
            step(_services, builder);
        }
        // Statements log through the host's logging unless a setup step chose a factory itself.
        if (builder.Options.Diagnostics.LoggerFactory is null && _services.GetService<ILoggerFactory>() is { } loggerFactory)
        {
            builder.ConfigureOptions(options => options with { Diagnostics = options.Diagnostics with { LoggerFactory = loggerFactory } });
        }
        _database = await builder.OpenAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes the database (and with it the driver's connections).</summary>
    public Task StopAsync(CancellationToken cancellationToken) => DisposeAsync().AsTask();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        var database = Interlocked.Exchange(ref _database, null);
        if (database is not null)
        {
            await database.DisposeAsync().ConfigureAwait(false);
        }
    }
}
