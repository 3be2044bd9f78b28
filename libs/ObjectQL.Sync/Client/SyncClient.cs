using Microsoft.Extensions.Logging;
using ObjectQL.Sync.Client.Connectivity;
using ObjectQL.Sync.Client.Merge;
using ObjectQL.Sync.Client.Storage;
using ObjectQL.Sync.Client.Transport;

namespace ObjectQL.Sync.Client;

/// <summary>
/// The sync engine of one local database (docs/sync-client.md, RFC section 10): it pushes the mutation log in batches,
/// applies the server's changes, parks what the server refuses, retries with backoff, and tells a UI what it does
/// (<see cref="Status"/>, <see cref="StatusChanged"/>). Syncs run one at a time; a sync asked for while one runs runs
/// again after it, never dropped. Triggers: a local write (debounced), the interval, reconnect, start, and
/// <see cref="SyncNowAsync"/> / <see cref="WaitForSyncAsync"/>. Start it with <see cref="SyncClientPlugin.StartAsync"/>.
/// </summary>
public sealed partial class SyncClient : IAsyncDisposable
{
    private readonly ClientCore _core;
    private readonly ISyncTransport _transport;
    private readonly IConnectivityMonitor? _connectivity;
    private readonly SyncClientOptions _options;
    private readonly ILogger _logger;
    private readonly LocalRecords _local;
    private readonly ChangeApplier _changes;
    private readonly ResultApplier _results;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly ITimer _interval;
    private readonly ITimer _debounce;
    private readonly ITimer _retry;
    private readonly EngineLease _lease;
    private readonly ITimer _renewal;
    private volatile bool _leaseLost;
    private TaskCompletionSource<SyncRunResult> _next = NewRun();
    private Task _loop = Task.CompletedTask;
    private bool _running;
    private bool _again;
    private SyncStatus _status;
    private int _disposed;

    internal SyncClient(ClientCore core, ISyncTransport transport, IConnectivityMonitor? connectivity, SyncClientOptions options, ILogger logger, EngineLease lease)
    {
        _lease = lease;
        _core = core;
        _transport = transport;
        _connectivity = connectivity;
        _options = options;
        _logger = logger;
        // What the platform says from the first moment, not "online" until the first sync finds out otherwise.
        _status = new SyncStatus { IsOnline = connectivity?.IsOnline ?? true };
        _local = new LocalRecords(core);
        _changes = new ChangeApplier(core, _local, (change, error) => Log.ChangeSkipped(_logger, change.ObjectName, change.RecordId, error));
        _results = new ResultApplier(core, _local, (objectName, recordId, error) => Log.ChangeSkipped(_logger, objectName, recordId, error));
        var time = options.TimeProvider;
        _interval = time.CreateTimer(_ => Trigger(), null, options.SyncInterval, options.SyncInterval);
        _debounce = time.CreateTimer(_ => Trigger(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _retry = time.CreateTimer(_ => Trigger(fromRetry: true), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _renewal = time.CreateTimer(_ => _ = RenewOnTimerAsync(), null, lease.Duration / 3, lease.Duration / 3);
        if (connectivity is not null)
        {
            connectivity.ConnectivityChanged += OnConnectivityChanged;
        }
    }

    /// <summary>This client's id (a UUID, one per local store): the server binds it to the signed-in user.</summary>
    public string ClientId => _core.ClientId;

    /// <summary>The current state; <see cref="StatusChanged"/> reports each change.</summary>
    public SyncStatus Status
    {
        get
        {
            lock (_gate)
            {
                return _status;
            }
        }
    }

    /// <summary>Raised after each change of <see cref="Status"/>, on the thread that changed it.</summary>
    public event EventHandler<SyncStatus>? StatusChanged;

    /// <summary>Asks for a sync and returns when it (or the one it joined after the running one) has ended; a failed sync's error is in <see cref="Status"/>.</summary>
    public async Task SyncNowAsync(CancellationToken cancellationToken = default) =>
        await Request(resetBackoff: true).WaitAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Returns when every local write made before the call has been answered by the server (acknowledged, or parked and
    /// reported in <see cref="SyncStatus.Parked"/>) and the changes pulled with it are applied: read-your-writes for
    /// tests and UIs. Throws <see cref="SyncTransportException"/> (or the store's error) when the sync it waited for failed.
    /// </summary>
    public async Task WaitForSyncAsync(CancellationToken cancellationToken = default)
    {
        var target = _core.CurrentSequence;
        for (var attempt = 0; ; attempt++)
        {
            var run = await Request(resetBackoff: true).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (run.Error is not null)
            {
                throw run.Error;
            }
            if (attempt >= 2 || await UnansweredUpToAsync(target, cancellationToken).ConfigureAwait(false) == 0)
            {
                return;
            }
        }
    }

    // 1 until the start's sync begins: the lease it runs on was taken in the start's transaction an instant before.
    private int _startedRunPending;

    internal void Start()
    {
        Volatile.Write(ref _startedRunPending, 1);
        Trigger();
    }

    internal void OnLocalWrite(int debounceMs)
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            _debounce.Change(TimeSpan.FromMilliseconds(debounceMs), Timeout.InfiniteTimeSpan);
            _ = RefreshStatusAsync(_stopping.Token);
        }
    }

    private void OnConnectivityChanged(object? sender, EventArgs e)
    {
        var online = _connectivity!.IsOnline;
        Publish(s => s with { IsOnline = online, Activity = online ? s.Activity : SyncActivity.Offline });
        if (online)
        {
            Log.Reconnected(_logger);
            _ = Request(resetBackoff: true);
        }
    }

    private void Trigger(bool fromRetry = false) => _ = Request(resetBackoff: !fromRetry);

    // Starts a sync, or marks the running one to run again; returns the run that will cover this request.
    private Task<SyncRunResult> Request(bool resetBackoff)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return Task.FromResult(new SyncRunResult(new ObjectDisposedException(nameof(SyncClient))));
        }
        lock (_gate)
        {
            if (resetBackoff && _status.ConsecutiveFailures > _options.MaxRetries)
            {
                // After the retry limit the next trigger gets a fresh budget: the client never stops for good.
                _status = _status with { ConsecutiveFailures = 0 };
            }
            var covering = _next;
            if (_running)
            {
                _again = true;
                return covering.Task;
            }
            _running = true;
            _next = NewRun();
            _loop = LoopAsync(covering);
            return covering.Task;
        }
    }

    private async Task LoopAsync(TaskCompletionSource<SyncRunResult> current)
    {
        // Let the caller return first: a sync never runs on the stack of the write or timer that asked for it.
        await Task.Yield();
        while (true)
        {
            var result = await RunOnceAsync(_stopping.Token).ConfigureAwait(false);
            current.TrySetResult(result);
            lock (_gate)
            {
                if (!_again || _stopping.IsCancellationRequested)
                {
                    _running = false;
                    return;
                }
                _again = false;
                current = _next;
                _next = NewRun();
            }
        }
    }

    // A timer that fell behind (a suspended machine, a test clock moved by days) fires once per missed period; one
    // renewal at a time is enough, and a burst of them would queue thousands of writes on the local store.
    private int _renewingOnTimer;

    private async Task RenewOnTimerAsync()
    {
        if (Interlocked.CompareExchange(ref _renewingOnTimer, 1, 0) != 0)
        {
            return;
        }
        try
        {
            await RenewLeaseAsync().ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _renewingOnTimer, 0);
        }
    }

    // Renews the lease (on the timer, and before every sync so no sync runs without it); false once another engine has it.
    private async Task<bool> RenewLeaseAsync()
    {
        try
        {
            if (!_leaseLost && !await _lease.RenewAsync(_stopping.Token).ConfigureAwait(false))
            {
                _leaseLost = true;
                var lost = _lease.Lost();
                Log.LeaseLost(_logger, lost);
                Publish(s => s with { Activity = SyncActivity.Error, LastError = new SyncFailure(lost.Code, lost.Message, null, _options.TimeProvider.GetUtcNow()), NextRetryAt = null });
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        // A store briefly unavailable: the next renewal tries again, well before the lease runs out.
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.LeaseRenewalFailed(_logger, exception);
        }
        return !_leaseLost;
    }

    private static TaskCompletionSource<SyncRunResult> NewRun() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Publish(Func<SyncStatus, SyncStatus> change)
    {
        SyncStatus status;
        lock (_gate)
        {
            var previous = _status;
            status = _status = change(previous);
            if (ReferenceEquals(status, previous))
            {
                return;
            }
        }
        try
        {
            StatusChanged?.Invoke(this, status);
        }
        // A UI handler's failure must not stop sync; it is logged.
        catch (Exception exception)
        {
            Log.StatusHandlerFailed(_logger, exception);
        }
    }

    /// <summary>Stops the timers and waits for a running sync to end; the local store stays open (the database owns it).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        if (_connectivity is not null)
        {
            _connectivity.ConnectivityChanged -= OnConnectivityChanged;
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _interval.DisposeAsync().ConfigureAwait(false);
        await _debounce.DisposeAsync().ConfigureAwait(false);
        await _retry.DisposeAsync().ConfigureAwait(false);
        await _renewal.DisposeAsync().ConfigureAwait(false);
        Task loop;
        lock (_gate)
        {
            loop = _loop;
        }
        await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (!_leaseLost)
        {
            try
            {
                await _lease.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
            }
            // A store already closed keeps the lease until it expires or its process is seen gone; disposal must not throw.
            catch (Exception exception)
            {
                Log.LeaseRenewalFailed(_logger, exception);
            }
        }
        _next.TrySetResult(new SyncRunResult(new ObjectDisposedException(nameof(SyncClient))));
        _stopping.Dispose();
    }
}

internal sealed record SyncRunResult(Exception? Error);
