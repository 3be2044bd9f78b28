using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ObjectQL.Sync.Server;

namespace ObjectQL.AspNetCore.Sync;

/// <summary>
/// Runs the change log's retention every <see cref="SyncRetentionOptions.Interval"/> of the sync server's clock (its
/// options' <see cref="TimeProvider"/>, else the database's), the clock pruning judges ages by; a test advances a fake one
/// instead of waiting. A failed run is logged and the next one
/// comes on schedule: pruning is idempotent and safe from several instances at once.
/// </summary>
internal sealed class SyncRetentionService(SyncServerHost host, IOptions<SyncRetentionOptions> options, ILogger<SyncRetentionService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }
        // Started after SyncServerHost (registration order), so the server exists.
        var server = host.Server;
        var time = server.Options.TimeProvider ?? server.Database.Options.TimeProvider;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(settings.Interval, time, stoppingToken).ConfigureAwait(false);
                var pruned = await server.PruneAsync(stoppingToken).ConfigureAwait(false);
                SyncEndpointLog.Pruned(logger, pruned.PrunedThrough, pruned.Commits, pruned.Changes, pruned.Mutations, pruned.Tombstones);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                SyncEndpointLog.PruneFailed(logger, e);
            }
        }
    }
}
