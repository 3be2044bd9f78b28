using Microsoft.Extensions.Hosting;
using ObjectQL.AspNetCore.Hosting;
using ObjectQL.Sync.Server;

namespace ObjectQL.AspNetCore.Sync;

/// <summary>
/// Creates the one <see cref="SyncServer"/> over the hosted database once the database has opened (it starts after
/// <see cref="ObjectQLHost"/>, which registers first), so requests never wait on it or race to create it.
/// </summary>
internal sealed class SyncServerHost(ObjectQLHost database) : IHostedService
{
    private SyncServer? _server;

    public SyncServer Server => _server ?? throw new InvalidOperationException(
        "The sync server is not ready yet: it is created when the host starts (IHost.StartAsync), after the database opens.");

    public async Task StartAsync(CancellationToken cancellationToken) =>
        _server ??= await SyncServer.CreateAsync(database.Database, cancellationToken).ConfigureAwait(false);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
