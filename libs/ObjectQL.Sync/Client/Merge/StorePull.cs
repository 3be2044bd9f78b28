using System.Text.Json;
using ObjectQL.Drivers;
using ObjectQL.Pipeline;
using ObjectQL.Sync.Client.Storage;
using ObjectQL.Sync.Client.Transport;

namespace ObjectQL.Sync.Client.Merge;

// A pull whose pages the store reads, checks, stages and applies itself (IPulledPagesDriver): the page's bytes go to
// the store as they arrived and only a small answer comes back, so the client builds nothing per change. Taken only
// where the outcome is what ChangeApplier would write: a first sync or resync into objects that hold no rows, no synced
// copy and no logged mutation, every object written set-based (ObjectRepository.CanCreateFromJson), and no change
// handler but the sync client's own (the store's creates raise no change events). Anything the store refuses goes the
// client's own way, page by page; the staged pages are the same rows either way.
internal sealed class StorePull
{
    private readonly ClientCore _core;
    private readonly IPulledPagesDriver _driver;
    private PulledPagesPlan? _plan;

    private StorePull(ClientCore core, IPulledPagesDriver driver, HttpSyncTransport transport)
    {
        _core = core;
        _driver = driver;
        Transport = transport;
    }

    public HttpSyncTransport Transport { get; }

    // Why the store left the last page it refused to the client.
    public string? Refusal { get; private set; }

    // A pull the store could apply itself, where the store, the transport and the change handlers allow it (no I/O);
    // whether this pull qualifies is read in the first request's transaction (SyncClient.PrepareAsync): no logged
    // mutation, no checkpoint or a resync, and HoldsNoRowsAsync.
    public static StorePull? Candidate(ClientCore core, ISyncTransport transport) =>
        transport is HttpSyncTransport http && DriverCapabilities.Get<IPulledPagesDriver>(core.Database.Driver) is { } driver
            && core.Database.Changes.OnlySubscribed(core.OwnChangeHandlers)
            ? new StorePull(core, driver, http)
            : null;

    // No logged mutation, no synced copy, and no row of an object the store writes (of which there is one at least).
    public static async Task<bool> HoldsNothingAsync(ClientCore core, ObjectQLSession session, CancellationToken cancellationToken) =>
        await core.Store.CountMutationsAsync(session, null, cancellationToken).ConfigureAwait(false) == 0
        && await HoldsNoRowsAsync(core, session, cancellationToken).ConfigureAwait(false);

    // No synced copy, and no row of an object the store writes (of which there is one at least).
    public static async Task<bool> HoldsNoRowsAsync(ClientCore core, ObjectQLSession session, CancellationToken cancellationToken)
    {
        var records = core.Database.Model.Get(ClientObjects.Records);
        if (DriverCapabilities.Get<IJsonRowsDriver>(core.Database.Driver)?.CanUpsertFromJson(records) != true
            || await session.Object(ClientObjects.Records).CountAsync(null, cancellationToken).ConfigureAwait(false) > 0)
        {
            return false;
        }
        var qualifying = 0;
        foreach (var repository in Writable(core, session))
        {
            if (await repository.CountAsync(null, cancellationToken).ConfigureAwait(false) > 0)
            {
                return false;
            }
            qualifying++;
        }
        return qualifying > 0;
    }

    // The synced objects whose pulled records the store creates set-based, as the client would (CanCreateFromJson). A
    // change of any other object is refused by the store, and its page goes the client's way.
    private static IEnumerable<ObjectRepository> Writable(ClientCore core, ObjectQLSession session)
    {
        foreach (var (name, config) in core.Configs)
        {
            if (config.Enabled && session.WithOrigin(LocalRecords.RemoteOrigin).Object(name) is ObjectRepository repository && repository.CanCreateFromJson())
            {
                yield return repository;
            }
        }
    }

    // The page read and checked by the store and, when more pages follow, staged, all in one call in the caller's
    // transaction: the store checks the whole page before it stages anything, so a refused page leaves nothing staged.
    // The last page is kept for ApplyAsync. The page goes as the bytes that arrived: the store decodes them (and
    // refuses a page that is not UTF-8, which the client's reader then reports), where a string made here cost the
    // interpreter a decode of the whole page and every copy of it on the way to the store. Null when the store leaves
    // the page to the client.
    public async Task<StorePage?> TakeAsync(ObjectQLSession session, byte[] body, CancellationToken cancellationToken)
    {
        // The plan's statements do not change during a pull: built once, and the driver hands it to the store once.
        _plan ??= Plan(session);
        var answer = await _driver.RunPullStepAsync(_plan, """{"kind":"take"}""", body, session.Transaction, cancellationToken).ConfigureAwait(false);
        using var document = JsonDocument.Parse(answer);
        return Accepted(document.RootElement) ? StorePage.Read(document.RootElement) : null;
    }

    // Applies the staged pages and this last one, in the caller's transaction; the latest clock of the set, or null
    // (with nothing written) when the store leaves the set to the client.
    public async Task<StoreApplied?> ApplyAsync(ObjectQLSession session, StorePage page, bool snapshot, CancellationToken cancellationToken)
    {
        if (!await HoldsNothingAsync(_core, session, cancellationToken).ConfigureAwait(false))
        {
            Refusal = "the local store holds rows or logged mutations now";
            return null;
        }
        var step = $$"""{"kind":"apply","page":{{page.Number}},"snapshot":{{(snapshot ? "true" : "false")}}}""";
        // A plan of its own: the rows' creates are stamped with the time of this apply.
        var answer = await _driver.RunPullStepAsync(Plan(session), step, null, session.Transaction, cancellationToken).ConfigureAwait(false);
        using var document = JsonDocument.Parse(answer);
        return Accepted(document.RootElement) ? StoreApplied.Read(document.RootElement) : null;
    }

    private bool Accepted(JsonElement answer)
    {
        if (answer.GetProperty("ok").GetBoolean())
        {
            return true;
        }
        Refusal = answer.GetProperty("reason").GetString();
        return false;
    }

    // The objects a pull writes, each with its set-based create stamped now by the session's clock.
    private PulledPagesPlan Plan(ObjectQLSession session)
    {
        var objects = Writable(_core, session)
            .Select(r => new PulledObject(r.Definition, r.JsonCreateRows(string.Empty, "$.id", "$.data")))
            .ToList();
        return new PulledPagesPlan
        {
            Objects = objects,
            Records = _core.Database.Model.Get(ClientObjects.Records),
            Staging = _core.Database.Model.Get(ClientObjects.Staging),
        };
    }
}

// What the client needs of a page the store read: the response without its changes.
internal sealed record StorePage(
    long Number, string Checkpoint, bool HasMore, string ServerClock, long HighestSequence, int MaxMutationsPerRequest, int MaxRecordBytes, int Changes)
{
    public static StorePage Read(JsonElement root)
    {
        var limits = root.GetProperty("limits");
        return new StorePage(
            root.GetProperty("page").GetInt64(),
            root.GetProperty("checkpoint").GetString()!,
            root.GetProperty("hasMore").GetBoolean(),
            root.GetProperty("serverClock").GetString()!,
            root.GetProperty("highestSequence").GetInt64(),
            limits.GetProperty("maxMutationsPerRequest").GetInt32(),
            limits.GetProperty("maxRecordBytes").GetInt32(),
            root.GetProperty("changes").GetInt32());
    }
}

// What the store's apply of a set answers: the latest clock of its changes and how many changes it applied.
internal sealed record StoreApplied(string? LatestClock, int Changes)
{
    public static StoreApplied Read(JsonElement root) =>
        new(root.GetProperty("latestClock").GetString(), root.GetProperty("changes").GetInt32());
}
