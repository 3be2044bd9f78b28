using System.Globalization;
using System.Text.Json;
using ObjectQL.Sync.Client.Transport;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Resolution;

namespace ObjectQL.Sync.Client.Tests;

// An in-test ISyncTransport that plays a server: it records every request, applies mutations to its own record table
// (each accepted, versions counted), answers scripted results and failures, and pages a list of server changes by a
// checkpoint that is the index of the next change. The real endpoint is tested after the branches are merged.
internal sealed class FakeServer : ISyncTransport
{
    private readonly List<SyncServerChange> _log = [];
    private readonly Queue<Exception> _failures = new();
    private readonly HashSet<string> _applied = new(StringComparer.Ordinal);

    public List<SyncPushRequest> Requests { get; } = [];

    public Dictionary<string, (long Version, Dictionary<string, JsonElement>? Data)> Records { get; } = new(StringComparer.Ordinal);

    public Func<MutationLogEntry, SyncMutationResult?>? Script { get; set; }

    public int PageSize { get; set; } = 100;

    // As servers before the exact hasMore answered: every full page says more waits, so a delta that fills its pages
    // exactly ends with an empty page.
    public bool FullPageHasMore { get; set; }

    public int MaxMutations { get; set; } = 100;

    public bool ResyncNext { get; set; }

    public long HighestSequence { get; private set; }

    public int ApplyCount { get; private set; }

    public Func<SyncPushRequest, Task>? BeforeAnswer { get; set; }

    public void AlreadyApplied(IEnumerable<string> mutationIds) => _applied.UnionWith(mutationIds);

    public void Fail(Exception exception) => _failures.Enqueue(exception);

    public void Change(string objectName, string recordId, MutationOperation operation, long version, string clock, Dictionary<string, JsonElement>? data = null, Dictionary<string, string>? fieldClocks = null)
    {
        _log.Add(new SyncServerChange(objectName, recordId, operation, version, "2026-12-03T10:00:00.000Z", clock, data, fieldClocks));
        if (operation is MutationOperation.Create or MutationOperation.Update)
        {
            Records[objectName + "/" + recordId] = (version, data);
        }
    }

    public void Forget(string objectName, string recordId)
    {
        _log.RemoveAll(c => c.ObjectName == objectName && c.RecordId == recordId);
        Records.Remove(objectName + "/" + recordId);
    }

    public async Task<SyncPushResponse> SendAsync(SyncPushRequest request, CancellationToken cancellationToken)
    {
        // The wire form, as the real transport sends it: a request the strict reader refuses fails the test.
        request = SyncJson.ReadRequest(SyncJson.Write(request, SyncJsonContext.Default.SyncPushRequest), int.MaxValue);
        Requests.Add(request);
        if (_failures.TryDequeue(out var failure))
        {
            throw failure;
        }
        if (request.Mutations.Count > MaxMutations)
        {
            throw new SyncTransportException("too many", 413, SyncErrorBodies.TooManyMutations(request.Mutations.Count, MaxMutations));
        }
        var results = request.Mutations.Select(Apply).ToList();
        var resync = ResyncNext;
        ResyncNext = false;
        if (resync)
        {
            // A snapshot of what the server holds now, the client's own writes included, as a real server sends it.
            _log.Clear();
            _log.AddRange(Records.Where(r => r.Value.Data is not null).Select(r => new SyncServerChange(
                r.Key.Split('/')[0], r.Key.Split('/')[1], MutationOperation.Create, r.Value.Version, "2026-12-03T10:00:00.000Z", "2026-12-03T10:00:00.000Z-00000000-server", r.Value.Data)));
        }
        var from = resync || request.LastCheckpoint is null ? 0 : int.Parse(request.LastCheckpoint, CultureInfo.InvariantCulture);
        var page = resync ? [] : _log.Skip(from).Take(PageSize).ToList();
        var next = from + page.Count;
        if (BeforeAnswer is not null)
        {
            await BeforeAnswer(request).ConfigureAwait(false);
        }
        return new SyncPushResponse(results, page, next.ToString(CultureInfo.InvariantCulture), next < _log.Count || (FullPageHasMore && page.Count == PageSize), resync,
            "2026-12-03T10:00:00.000Z-00000000-server", HighestSequence, SyncLimits.Default with { MaxMutationsPerRequest = MaxMutations },
            resync ? ResyncReason.Retention : null);
    }

    private SyncMutationResult Apply(MutationLogEntry mutation)
    {
        HighestSequence = Math.Max(HighestSequence, mutation.Sequence);
        if (Script?.Invoke(mutation) is { } scripted)
        {
            return scripted;
        }
        var key = mutation.ObjectName + "/" + mutation.RecordId;
        Records.TryGetValue(key, out var held);
        if (!_applied.Add(mutation.Id))
        {
            return new SyncMutationApplied(mutation.Id, held.Version, ApplyOutcome.Accepted, mutation.Clock);
        }
        ApplyCount++;
        var data = new Dictionary<string, JsonElement>(held.Data ?? [], StringComparer.Ordinal);
        foreach (var (field, value) in mutation.Data ?? new Dictionary<string, JsonElement>())
        {
            data[field] = value;
        }
        var version = held.Version + 1;
        Records[key] = (version, mutation.Operation == MutationOperation.Delete ? null : data);
        return new SyncMutationApplied(mutation.Id, version, ApplyOutcome.Accepted, mutation.Clock);
    }

    public static Dictionary<string, JsonElement> Data(params (string Field, object? Value)[] values) =>
        values.ToDictionary(v => v.Field, v => JsonValues.Parse(JsonSerializer.Serialize(v.Value, TestJson.Default.Object)), StringComparer.Ordinal);
}
