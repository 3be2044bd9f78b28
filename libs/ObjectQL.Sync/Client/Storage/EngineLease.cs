using System.Globalization;
using ObjectQL.Querying;

namespace ObjectQL.Sync.Client.Storage;

// One engine per local store: a lease on the client's state row (owner, expiry) taken at start, renewed while the
// engine runs and released when it stops. A second engine is refused while the lease is live; a lease whose owner was
// a process of this machine that no longer exists (a crash) is taken over at once, any other after its expiry.
// In the browser the "process" is the page: the browser store is open in one page at a time (its Web Lock), so a lease
// another page left is its closed predecessor's, and a reload must not wait a minute to sync again.
internal sealed class EngineLease(ClientCore core, TimeSpan duration)
{
    private const string BrowserPage = "browser";

    private static readonly string Machine = OperatingSystem.IsBrowser() ? BrowserPage : Environment.MachineName;

    // A process id names a process on a machine; a page has none (every page's runtime reports the same), so it gets one.
    private static readonly string Process = OperatingSystem.IsBrowser()
        ? Guid.NewGuid().ToString("N")
        : Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

    public string Owner { get; } = $"{Machine}/{Process}/{Guid.NewGuid():N}";

    public TimeSpan Duration => duration;

    // When this engine took the lease (Unix milliseconds), or 0 before it did.
    private long _acquiredAt;

    // True while the lease this engine took is younger than a third of its duration (the renewal timer's period): the
    // sync the start begins runs on it without writing it again, unless that sync began late.
    public bool JustAcquired()
    {
        var acquired = Volatile.Read(ref _acquiredAt);
        return acquired != 0 && core.Time.GetUtcNow().ToUnixTimeMilliseconds() - acquired < (long)(duration.TotalMilliseconds / 3);
    }

    // Takes the lease from the state row the caller read in this transaction (null: there is none yet, and the row is
    // created with it) and writes the caller's values in the same statement, so a start writes its state once.
    public async ValueTask AcquireAsync(IPipelineSession session, Record? state, Record alongside, Record? created, CancellationToken cancellationToken)
    {
        var holder = state?["lease_owner"] as string;
        var expires = state?["lease_expires"] is double ms ? ms : 0;
        var now = core.Time.GetUtcNow().ToUnixTimeMilliseconds();
        if (holder is not null && expires > now && !IsGone(holder))
        {
            throw Running(holder, expires);
        }
        var values = alongside.Clone();
        foreach (var (field, value) in Values(now))
        {
            values[field] = value;
        }
        if (state is null && created is not null)
        {
            // Of two engines creating the row at once, the store's key refuses the second.
            foreach (var (field, value) in values)
            {
                created[field] = value;
            }
            await core.Store.CreateStateAsync(session, ClientStore.ClientRow, created, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _acquiredAt, now);
            return;
        }
        // Compare-and-set on the holder read above: of two engines starting at once, one takes it and the other is refused.
        var unchanged = ClientStore.Eq("id", ClientStore.ClientRow)
            & (holder is null ? new Filter.Comparison("lease_owner", FilterOperator.Null, true) : ClientStore.Eq("lease_owner", holder));
        if (await session.Object(ClientObjects.State).UpdateManyAsync(unchanged, values, cancellationToken).ConfigureAwait(false) == 0)
        {
            throw Running(holder ?? "another engine", expires);
        }
        Volatile.Write(ref _acquiredAt, now);
    }

    // Extends the lease; false when another engine holds it now (this one was presumed dead and replaced).
    public async Task<bool> RenewAsync(CancellationToken cancellationToken) =>
        await core.Database.System.TransactionAsync((session, ct) => session.Object(ClientObjects.State)
            .UpdateManyAsync(Mine(), Values(core.Time.GetUtcNow().ToUnixTimeMilliseconds()), ct), cancellationToken).ConfigureAwait(false) > 0;

    public Task ReleaseAsync(CancellationToken cancellationToken) =>
        core.Database.System.TransactionAsync((session, ct) => session.Object(ClientObjects.State)
            .UpdateManyAsync(Mine(), new Record { ["lease_owner"] = null, ["lease_expires"] = 0d }, ct), cancellationToken);

    public ObjectQLException Lost() => new(ErrorCodes.Conflict,
        "Another sync engine took over this local store while this one could not renew its lease; this engine no longer syncs.",
        [new ErrorDetail("lease", "The lease expired and another engine took it.", "engine_replaced")]);

    private Filter Mine() => ClientStore.Eq("id", ClientStore.ClientRow) & ClientStore.Eq("lease_owner", Owner);

    private Record Values(long now) => new() { ["lease_owner"] = Owner, ["lease_expires"] = (double)(now + (long)duration.TotalMilliseconds) };

    private static ObjectQLException Running(string holder, double expires)
    {
        var until = DateTimeOffset.FromUnixTimeMilliseconds((long)expires).ToString("O", CultureInfo.InvariantCulture);
        return new ObjectQLException(ErrorCodes.Conflict,
            $"A sync engine already runs on this local store ({holder}, lease until {until}). One store has one engine: stop the other client, or start this one after that lease expires.",
            [new ErrorDetail("lease", $"Held by {holder} until {until}.", "engine_running")]);
    }

    // A holder on this machine whose process (or page) is gone crashed without releasing; its lease need not be waited out.
    private static bool IsGone(string holder)
    {
        var parts = holder.Split('/');
        if (parts.Length != 3 || parts[0] != Machine || parts[1] == Process)
        {
            return false;
        }
        if (Machine == BrowserPage)
        {
            return true;
        }
        if (OperatingSystem.IsWasi() || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return false;
        }
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (Exception exception) when (exception is InvalidOperationException or PlatformNotSupportedException)
        {
            return false;
        }
    }
}
