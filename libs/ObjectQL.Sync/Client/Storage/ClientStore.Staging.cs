using System.Text;
using System.Text.Json;
using ObjectQL.Querying;
using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Client.Storage;

// The staging area of a pull: pages that arrived before the last one, kept until the pull reaches a consistent point and
// applies them with the last page. A page is one row holding the response body it arrived in as the server sent it (or,
// for a response read without its body, its changes as a JSON array). The engine also keeps the pages it staged itself
// in memory, so the apply parses only rows it did not stage (those a killed process left).
internal sealed partial class ClientStore
{
    // Changes kept in memory at most; the pages staged beyond it are parsed again from their rows (a resync of a
    // million records must not hold them all twice).
    internal const int MaxRememberedChanges = 50_000;

    private readonly Lock _stagedLock = new();
    private readonly Dictionary<string, IReadOnlyList<SyncServerChange>> _staged = new(StringComparer.Ordinal);
    private int _stagedCount;

    // body: the page's response body as it arrived, stored as is; without it the changes are serialized.
    public async Task StageAsync(IPipelineSession session, IReadOnlyList<SyncServerChange> changes, byte[]? body, CancellationToken cancellationToken)
    {
        if (changes.Count == 0)
        {
            return;
        }
        var definition = database.Model.Get(ClientObjects.Staging);
        var position = await database.Driver.CountAsync(definition, null, session.Transaction, cancellationToken).ConfigureAwait(false) + 1;
        // A row id is never used twice, so a remembered page whose id is in the table is the page that row holds: its
        // transaction committed. A page remembered from a transaction that rolled back has no row and is never read.
        var id = position.ToString("D12", System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N");
        Record row = new()
        {
            [Metadata.SystemFields.Id] = id,
            ["position"] = (double)position,
            ["change"] = body is null ? JsonSerializer.Serialize(changes, SyncJsonContext.Default.IReadOnlyListSyncServerChange) : Encoding.UTF8.GetString(body),
        };
        await database.Driver.InsertAsync(definition, [row], session.Transaction, cancellationToken).ConfigureAwait(false);
        lock (_stagedLock)
        {
            if (_stagedCount + changes.Count <= MaxRememberedChanges)
            {
                _staged[id] = changes;
                _stagedCount += changes.Count;
            }
        }
    }

    // The staged changes in the order they arrived. Only the ids are read first: a page this engine remembers needs no
    // text from the store (in the browser every text read crosses into the Worker and back). Rows staged by earlier
    // versions of this client hold a page's changes as an array, or one change (an object without serverChanges), so a
    // pull such a version left half-staged still completes.
    public async Task<IReadOnlyList<SyncServerChange>> StagedAsync(IPipelineSession session, CancellationToken cancellationToken)
    {
        var staging = session.Object(ClientObjects.Staging);
        var rows = await staging.FindAsync(new Query { Fields = [Metadata.SystemFields.Id], OrderBy = [new SortSpec("position")] }, cancellationToken)
            .ConfigureAwait(false);
        var remembered = new IReadOnlyList<SyncServerChange>?[rows.Count];
        var unknown = new List<string>();
        lock (_stagedLock)
        {
            for (var i = 0; i < rows.Count; i++)
            {
                remembered[i] = _staged.GetValueOrDefault(rows[i].Id!);
                if (remembered[i] is null)
                {
                    unknown.Add(rows[i].Id!);
                }
            }
        }
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var ids in unknown.Chunk(500))
        {
            var query = new Query { Where = new Filter.Comparison(Metadata.SystemFields.Id, FilterOperator.In, ids), Fields = [Metadata.SystemFields.Id, "change"] };
            foreach (var row in await staging.FindAsync(query, cancellationToken).ConfigureAwait(false))
            {
                texts[row.Id!] = (string)row["change"]!;
            }
        }
        var changes = new List<SyncServerChange>();
        for (var i = 0; i < rows.Count; i++)
        {
            if (remembered[i] is { } page)
            {
                changes.AddRange(page);
                continue;
            }
            changes.AddRange(StagedChanges(texts[rows[i].Id!]));
        }
        return changes;
    }

    private static IReadOnlyList<SyncServerChange> StagedChanges(string text)
    {
        if (text.AsSpan().TrimStart().StartsWith("["))
        {
            return JsonSerializer.Deserialize(text, SyncJsonContext.Default.IReadOnlyListSyncServerChange)!;
        }
        var utf8 = Encoding.UTF8.GetBytes(text);
        using (var document = JsonDocument.Parse(utf8))
        {
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("serverChanges", out _))
            {
                // Read as the transport read it: the same validation, and members a newer server adds are skipped.
                return SyncJson.ReadResponse(utf8).ServerChanges;
            }
        }
        return [JsonSerializer.Deserialize(utf8, SyncJsonContext.Default.SyncServerChange)!];
    }

    // The rows go by id through the driver, as they came: a delete through the pipeline would read every page's text
    // (megabytes for a large pull, across the Worker in the browser) only to build change events no one reads.
    public async Task<long> ClearStagingAsync(IPipelineSession session, CancellationToken cancellationToken)
    {
        // Forgotten before the rows go: a rollback leaves rows that are parsed again, never pages remembered without rows.
        lock (_stagedLock)
        {
            _staged.Clear();
            _stagedCount = 0;
        }
        var definition = database.Model.Get(ClientObjects.Staging);
        var rows = await database.Driver.FindAsync(definition, new Query { Fields = [Metadata.SystemFields.Id] }, session.Transaction, cancellationToken)
            .ConfigureAwait(false);
        if (rows.Count == 0)
        {
            return 0;
        }
        var deleted = await database.Driver.DeleteAsync(definition, [.. rows.Select(r => r.Id!)], session.Transaction, cancellationToken).ConfigureAwait(false);
        return deleted.Count(d => d);
    }
}
