using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using ObjectQL.Querying;

namespace ObjectQL.Sync.Client.Storage;

// One engine per local store: a lease on the client's state row (owner, expiry) taken at start, renewed while the
// engine runs and released when it stops. A second engine is refused while the lease is live; a lease whose owner was
// a process of this machine that no longer exists (a crash) is taken over at once, any other after its expiry.
internal sealed class EngineLease(ClientCore core, TimeSpan duration)
{
    private static readonly string Machine = Environment.MachineName;

    // The leases engines of this process took: in a browser every page has the same machine and process id, so these
    // tell a live engine of this page from one of a page that was reloaded or closed.
    private static readonly ConcurrentDictionary<string, bool> s_takenHere = new(StringComparer.Ordinal);

    public string Owner { get; } = $"{Machine}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    public TimeSpan Duration => duration;

    public async ValueTask AcquireAsync(IPipelineSession session, CancellationToken cancellationToken)
    {
        var state = await core.Store.FindStateAsync(session, ClientStore.ClientRow, cancellationToken).ConfigureAwait(false);
        var holder = state?["lease_owner"] as string;
        var expires = state?["lease_expires"] is double ms ? ms : 0;
        var now = core.Time.GetUtcNow().ToUnixTimeMilliseconds();
        if (holder is not null && expires > now && !IsDeadLocalProcess(holder))
        {
            throw Running(holder, expires);
        }
        // Compare-and-set on the holder read above: of two engines starting at once, one takes it and the other is refused.
        var unchanged = ClientStore.Eq("id", ClientStore.ClientRow)
            & (holder is null ? new Filter.Comparison("lease_owner", FilterOperator.Null, true) : ClientStore.Eq("lease_owner", holder));
        if (await session.Object(ClientObjects.State).UpdateManyAsync(unchanged, Values(now), cancellationToken).ConfigureAwait(false) == 0)
        {
            throw Running(holder ?? "another engine", expires);
        }
        s_takenHere[Owner] = true;
    }

    // Extends the lease; false when another engine holds it now (this one was presumed dead and replaced).
    public async Task<bool> RenewAsync(CancellationToken cancellationToken) =>
        await core.Database.System.TransactionAsync((session, ct) => session.Object(ClientObjects.State)
            .UpdateManyAsync(Mine(), Values(core.Time.GetUtcNow().ToUnixTimeMilliseconds()), ct), cancellationToken).ConfigureAwait(false) > 0;

    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        await core.Database.System.TransactionAsync((session, ct) => session.Object(ClientObjects.State)
            .UpdateManyAsync(Mine(), new Record { ["lease_owner"] = null, ["lease_expires"] = 0d }, ct), cancellationToken).ConfigureAwait(false);
        s_takenHere.TryRemove(Owner, out _);
    }

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

    // A holder on this machine whose process is gone crashed without releasing; its lease need not be waited out.
    private static bool IsDeadLocalProcess(string holder)
    {
        var parts = holder.Split('/');
        if (parts.Length != 3 || parts[0] != Machine || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return false;
        }
        if (OperatingSystem.IsBrowser())
        {
            // A page's store is its alone while the page lives (the browser store's Web Lock), so a holder of this
            // "process" that no engine of this page took is a page that was reloaded or closed.
            return pid == Environment.ProcessId && !s_takenHere.ContainsKey(holder);
        }
        if (pid == Environment.ProcessId || OperatingSystem.IsWasi())
        {
            return false;
        }
        try
        {
            using var process = Process.GetProcessById(pid);
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
