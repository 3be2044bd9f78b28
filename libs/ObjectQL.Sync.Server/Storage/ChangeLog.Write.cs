using System.Security.Cryptography;
using ObjectQL.Drivers;
using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Sync.Clocks;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Resolution;
using ObjectQL.Values;

namespace ObjectQL.Sync.Server.Storage;

internal sealed partial class ChangeLog
{
    /// <summary>
    /// The before-commit handler. Order matters (RFC 6.1): the change rows and clock rows first, unlocked and of any
    /// size, each table in one bulk write; then the position, the last lock the transaction takes (PostgreSQL: the shared
    /// fence; elsewhere the counter row), held to the commit, and one commit row holding it (one statement on PostgreSQL).
    /// </summary>
    public async ValueTask OnBeforeCommitAsync(BeforeCommitContext context, CancellationToken cancellationToken)
    {
        List<ChangeEvent>? synced = null;
        foreach (var change in context.Changes)
        {
            if (_configs.ContainsKey(change.ObjectName))
            {
                (synced ??= []).Add(change);
            }
        }
        if (synced is null)
        {
            return;
        }
        var session = context.Session;
        var clock = await ClockAsync(session, cancellationToken).ConfigureAwait(false);
        var push = _pushes.TryGetValue(context.Transaction, out var scope) ? scope : null;
        // A push's own change needs no clock row read: its resolver decided the clocks, and its mutation read whether the
        // row existed. Every other change derives its clocks from the row.
        var pushed = new PushScope.Expected?[synced.Count];
        var keys = new string[synced.Count];
        var toLoad = new List<ChangeEvent>();
        // Per key, the id of the record's clock row (a row an earlier version wrote has the digest for its id).
        var rowIds = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < synced.Count; i++)
        {
            var change = synced[i];
            keys[i] = StoredState.Key(change.ObjectName, change.Id);
            if (change.Origin?.MutationId is { } mutationId && push is not null && push.TryGet(change.ObjectName, change.Id, mutationId, out var expected))
            {
                pushed[i] = expected;
                if (expected.ClockRowId is { } rowId)
                {
                    rowIds[keys[i]] = rowId;
                }
            }
            else
            {
                toLoad.Add(change);
            }
        }
        var states = await LoadStatesAsync(session, toLoad, cancellationToken).ConfigureAwait(false);
        foreach (var (key, state) in states)
        {
            rowIds[key] = state.RowId!;
        }
        var txId = Guid.CreateVersion7().ToString("N");
        var now = CanonicalValues.TruncateToMicroseconds(Time.GetUtcNow());
        var rows = new List<Record>(synced.Count);
        // Sized for the commit's changes at once: a chunk's 256 grew each by doubling.
        var touched = new Dictionary<string, (ChangeEvent Change, StoredState State)>(synced.Count, StringComparer.Ordinal);
        // Kept beside, not in the tuple: a dictionary of a new value type would be compiled once more in a native build.
        var clockTexts = new Dictionary<string, string>(synced.Count, StringComparer.Ordinal);
        // A commit's post-images mostly share one shape: their fields are sorted once, not once per change.
        var order = new FieldOrder();
        for (var i = 0; i < synced.Count; i++)
        {
            var change = synced[i];
            var key = keys[i];
            string? clientId = null;
            string? clockText = null;
            StoredState after;
            if (pushed[i] is { } own)
            {
                clientId = own.ClientId;
                after = StoredState.FromResolved(own.State, change.Version);
                clockText = own.ClockText;
            }
            else
            {
                var before = touched.TryGetValue(key, out var earlier) ? earlier.State : states.GetValueOrDefault(key);
                var stamp = change.Origin?.Clock is { } origin && HlcTimestamp.TryParse(origin, out var given)
                    ? given
                    : await clock.NextAsync(cancellationToken).ConfigureAwait(false);
                after = Derive(before, change, stamp);
            }
            // One text of the change's clock for its change row, its clock row and the fields that carry it (a push's
            // own change has it from its answer).
            clockText ??= after.Clock.ToString();
            touched[key] = (change, after);
            clockTexts[key] = clockText;
            rows.Add(ChangeRow(txId, rows.Count, change, after, clockText, clientId, order));
        }
        await WriteStatesAsync(session, rowIds, touched, clockTexts, cancellationToken).ConfigureAwait(false);
        await LogRows.InsertAsync(Database, session, SyncObjects.Change, rows, cancellationToken).ConfigureAwait(false);
        var tag = RandomTag();
        // Marked keyed: its change rows' ids are its own (ChangeKeys), so readers find them on the key (KeyedCommits).
        var (position, settled) = await InsertCommitAsync(session, context.Transaction, new Record(6)
        {
            ["tx_id"] = txId,
            ["tag"] = (double)tag,
            ["committed_at"] = now,
            [KeyedCommits.Field] = KeyedCommits.Keyed,
        }, cancellationToken).ConfigureAwait(false);
        if (push is not null)
        {
            var deleter = OwnDeleter(synced, pushed);
            if (deleter is not null)
            {
                await MarkDeletedThroughAsync(context.Transaction, deleter, position, cancellationToken).ConfigureAwait(false);
            }
            push.Committed = new OwnCommit(position, tag, Array.TrueForAll(pushed, static own => own is not null), deleter is not null, settled);
        }
        Metrics.Committed(position, rows.Count);
    }

    // The client one of whose mutations this commit deletes a record with, or null.
    private static string? OwnDeleter(List<ChangeEvent> synced, PushScope.Expected?[] pushed)
    {
        for (var i = 0; i < synced.Count; i++)
        {
            if (pushed[i] is { } own && synced[i].Operation == ChangeOperation.Delete)
            {
                return own.ClientId;
            }
        }
        return null;
    }

    // The client's row records the commit's position as its last own delete (ClientRow.DeletedThrough). The push locked
    // the row earlier in this transaction, so the write waits for nothing; it leaves the version alone (the push keeps the
    // row it wrote, SyncServer.Push.cs). Interactive stores only: a batch-only store writes a record once per transaction,
    // and its deltas never look at the mark.
    private async Task MarkDeletedThroughAsync(IDriverTransaction transaction, string clientId, long position, CancellationToken cancellationToken)
    {
        if (Batched)
        {
            return;
        }
        await Database.Driver.UpdateAsync(Database.Model.Get(SyncObjects.Client),
            [new RecordChange(clientId, new Record(1) { ["deleted_through"] = (double)position })], transaction, cancellationToken).ConfigureAwait(false);
    }

    private Record ChangeRow(string txId, int ordinal, ChangeEvent change, StoredState state, string clockText, string? clientId, FieldOrder order)
    {
        var definition = Database.Model.Get(change.ObjectName);
        // Sized for the twelve values and the id; committed_at is the commit row's alone (a pull takes a change's time from
        // its commit), left empty here as the system fields are (LogRows). The id is the commit's and the ordinal's
        // (ChangeKeys): reads and the prune find a commit's rows on the key's own index.
        return new Record(13)
        {
            [SystemFields.Id] = ChangeKeys.Of(txId, ordinal),
            ["tx_id"] = txId,
            ["ordinal"] = (double)ordinal,
            ["tenant_id"] = TenantOf(definition, change.Data ?? change.PreviousData),
            ["object_name"] = change.ObjectName,
            ["record_id"] = change.Id,
            ["operation"] = change.Operation switch
            {
                ChangeOperation.Create => "create",
                ChangeOperation.Update => "update",
                _ => "delete",
            },
            ["version"] = (double)change.Version,
            ["clock"] = clockText,
            // Sent only for crdt objects (a pull's change carries fieldClocks for them alone), so only they store them:
            // for the others the text, a clock per field, was written and never read.
            ["field_clocks"] = change.Data is null || _configs[change.ObjectName].Strategy != SyncStrategy.Crdt ? null : state.FieldClocksJson(clockText),
            ["data"] = change.Data is null ? null : RowValues.RecordJson(change.Data, order.Of(change.Data)),
            ["client_id"] = clientId,
            ["mutation_id"] = clientId is null ? null : change.Origin!.MutationId,
        };
    }

    // A write that is not a push's own: every field whose value changed takes the write's clock and version.
    private static StoredState Derive(StoredState? before, ChangeEvent change, HlcTimestamp stamp)
    {
        if (change.Operation == ChangeOperation.Delete)
        {
            return new StoredState(change.Version, Max(before?.Clock, stamp), stamp, StoredState.NoFields);
        }
        var fields = (before is { DeletedClock: null } ? before.Fields : StoredState.NoFields).ToBuilder();
        foreach (var (name, value) in change.Data!)
        {
            if (SystemFields.IsSystemField(name))
            {
                continue;
            }
            var unchanged = change.PreviousData is { } previous && previous.TryGetValue(name, out var old)
                && CanonicalValues.EqualityComparer.Equals(old, value) && fields.ContainsKey(name);
            if (!unchanged)
            {
                fields[name] = (stamp, change.Version);
            }
        }
        return new StoredState(change.Version, Max(before?.Clock, stamp), null, fields.ToImmutable());
    }

    private static HlcTimestamp Max(HlcTimestamp? a, HlcTimestamp b) => a is { } value && value > b ? value : b;

    // By key, the clocks of the changed records that have a row: one read per object (mostly one). Grouped by loops,
    // not LINQ, which the native server would compile once more for these types.
    private static async Task<Dictionary<string, StoredState>> LoadStatesAsync(IObjectQLSession session, List<ChangeEvent> changes, CancellationToken cancellationToken)
    {
        var states = new Dictionary<string, StoredState>(StringComparer.Ordinal);
        var objects = new HashSet<string>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            objects.Add(change.ObjectName);
        }
        foreach (var objectName in objects)
        {
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var change in changes)
            {
                if (change.ObjectName == objectName)
                {
                    ids.Add(change.Id);
                }
            }
            foreach (var (recordId, state) in await StoredState.FindAsync(session, objectName, ids, cancellationToken).ConfigureAwait(false))
            {
                states[StoredState.Key(objectName, recordId)] = state;
            }
        }
        return states;
    }

    private async Task WriteStatesAsync(
        IPipelineSession session, Dictionary<string, string> rowIds, Dictionary<string, (ChangeEvent Change, StoredState State)> touched,
        Dictionary<string, string> clockTexts, CancellationToken cancellationToken)
    {
        var creates = new List<Record>();
        var updates = new List<RecordPatch>();
        foreach (var (key, (change, state)) in touched)
        {
            var definition = Database.Model.Get(change.ObjectName);
            var row = state.ToRow(change.ObjectName, change.Id, TenantOf(definition, change.Data ?? change.PreviousData), clockTexts[key]);
            if (rowIds.TryGetValue(key, out var rowId))
            {
                updates.Add(new RecordPatch(rowId, row));
            }
            else
            {
                row[SystemFields.Id] = key;
                creates.Add(row);
            }
        }
        await LogRows.InsertAsync(Database, session, SyncObjects.RecordState, creates, cancellationToken).ConfigureAwait(false);
        if (updates.Count > 0)
        {
            await session.Object(SyncObjects.RecordState).UpdateManyAsync(updates, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Writes a record's clocks when only they moved (RFC 9.1: same version, no change row), to its clock row
    /// <paramref name="rowId"/> (the row read; the record's key when it was read without one).
    /// </summary>
    public async Task WriteClockOnlyAsync(
        IObjectQLSession system, ObjectDefinition definition, RecordState state, string? rowId, string? tenantId, CancellationToken cancellationToken)
    {
        var fields = StoredState.NoFields.ToBuilder();
        foreach (var (name, field) in state.Fields)
        {
            fields[name] = (field.Clock, field.Version);
        }
        var row = new StoredState(state.Version, state.Clock, state.DeletedAt, fields.ToImmutable()).ToRow(definition.Name, state.RecordId, tenantId);
        await system.Object(SyncObjects.RecordState).UpdateAsync(rowId ?? StoredState.Key(definition.Name, state.RecordId), row, cancellationToken).ConfigureAwait(false);
    }

    // Never 0: position 0 (an empty log) has tag 0, and a commit must be told apart from it.
    private static uint RandomTag() => (uint)RandomNumberGenerator.GetInt32(int.MaxValue) | 1u;
}
