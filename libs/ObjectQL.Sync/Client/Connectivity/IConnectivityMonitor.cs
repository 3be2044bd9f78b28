namespace ObjectQL.Sync.Client.Connectivity;

/// <summary>
/// The platform's network signal (a browser's <c>navigator.onLine</c>, a device's network status). The engine adds its
/// own heartbeat: every request is one, and while offline it probes with backoff and on the interval. An online event
/// triggers a sync and resets the backoff.
/// </summary>
public interface IConnectivityMonitor
{
    /// <summary>False when the platform knows there is no network; true when it does not know.</summary>
    bool IsOnline { get; }

    /// <summary>Raised when <see cref="IsOnline"/> changes.</summary>
    event EventHandler? ConnectivityChanged;
}

/// <summary>
/// A connectivity signal set by its owner: the host wires the platform's online and offline events to
/// <see cref="SetOnline"/>. Starts online.
/// </summary>
public sealed class ConnectivitySignal : IConnectivityMonitor
{
    private volatile bool _online = true;

    /// <inheritdoc />
    public bool IsOnline => _online;

    /// <inheritdoc />
    public event EventHandler? ConnectivityChanged;

    /// <summary>Sets the signal; raises <see cref="ConnectivityChanged"/> when it changes.</summary>
    public void SetOnline(bool online)
    {
        if (_online != online)
        {
            _online = online;
            ConnectivityChanged?.Invoke(this, EventArgs.Empty);
        }
    }
}
