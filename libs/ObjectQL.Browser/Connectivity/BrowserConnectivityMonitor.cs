using System.Runtime.InteropServices.JavaScript;
using ObjectQL.Sync.Client.Connectivity;

namespace ObjectQL.Browser.Connectivity;

/// <summary>
/// The browser's network signal for the sync client: <c>navigator.onLine</c> and the page's <c>online</c> and
/// <c>offline</c> events. The browser knows only that there is no network, never that the server is reachable, so the
/// client adds its heartbeat: every request is one, and while offline it probes with backoff (docs/sync-client.md).
/// </summary>
public sealed partial class BrowserConnectivityMonitor : IConnectivityMonitor
{
    private const string Module = "objectql-network";
    private volatile bool _online = true;

    private BrowserConnectivityMonitor()
    {
    }

    /// <inheritdoc />
    public bool IsOnline => _online;

    /// <inheritdoc />
    public event EventHandler? ConnectivityChanged;

    /// <summary>
    /// Starts a monitor: imports <paramref name="moduleUrl"/> (by default the copy this package adds to the app,
    /// relative to the runtime's <c>_framework</c> folder), reads the current state and follows its changes.
    /// </summary>
    public static async Task<BrowserConnectivityMonitor> StartAsync(string moduleUrl = "../_content/ObjectQL.Browser/objectql-network.js", CancellationToken cancellationToken = default)
    {
        await JSHost.ImportAsync(Module, moduleUrl, cancellationToken).ConfigureAwait(false);
        var monitor = new BrowserConnectivityMonitor { _online = IsOnlineNow() };
        Subscribe(monitor.Set);
        return monitor;
    }

    private void Set(bool online)
    {
        if (_online != online)
        {
            _online = online;
            ConnectivityChanged?.Invoke(this, EventArgs.Empty);
        }
    }

    [JSImport("isOnline", Module)]
    private static partial bool IsOnlineNow();

    [JSImport("subscribe", Module)]
    private static partial void Subscribe([JSMarshalAs<JSType.Function<JSType.Boolean>>] Action<bool> onChange);
}
