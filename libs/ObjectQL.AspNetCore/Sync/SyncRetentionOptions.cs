namespace ObjectQL.AspNetCore.Sync;

/// <summary>
/// The schedule of the change log's retention (<c>SyncServer.PruneAsync</c>), run by a background service that
/// <c>AddSyncServer</c> registers: <c>services.Configure&lt;SyncRetentionOptions&gt;(o =&gt; o.Interval = TimeSpan.FromHours(6))</c>.
/// How long changes are kept is <c>SyncEndpointConfig.ChangeLogRetentionDays</c>.
/// </summary>
public sealed class SyncRetentionOptions
{
    /// <summary>Pruning runs; turn it off where another instance or a scheduled job prunes. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Time between runs, the first one after the host starts. Default one hour.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);
}
