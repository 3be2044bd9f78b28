using System.Collections.Immutable;
using System.Text.Json;
using ObjectQL.Metadata;
using ObjectQL.Sync.Clocks;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Resolution;
using ObjectQL.Sync.Server.Storage;
using ObjectQL.Values;

namespace ObjectQL.Sync.Server.Handling;

/// <summary>What a mutation decided and wrote, before its answer is cut to what the caller may read.</summary>
/// <param name="Definition">The mutation's object.</param>
/// <param name="Strategy">The object's sync strategy.</param>
/// <param name="Mutation">The mutation.</param>
/// <param name="Result">The resolver's result.</param>
/// <param name="Wrote">Whether the record got a new version.</param>
/// <param name="Audit">The conflict to record in the audit trail, if any.</param>
/// <param name="Written">
/// On a batch-only store, whose reads do not see the transaction's writes: the record as the write returned it to the
/// caller (null for a delete), which stands in for the read after it. Null when the record is to be read.
/// </param>
/// <param name="Updated">
/// On an interactive store, the record an update's write returned to the caller; the answer is taken from it where a read
/// afterwards would give the same answer (<see cref="WrittenAnswers"/>). Null for every other write.
/// </param>
internal sealed record AppliedMutation(
    ObjectDefinition Definition, SyncStrategy Strategy, MutationLogEntry Mutation, SyncMutationResult Result, bool Wrote, ConflictAuditEntry? Audit,
    WrittenRecord? Written = null, Record? Updated = null);

/// <summary>The record a write returned (null when it deleted the record).</summary>
internal sealed record WrittenRecord(Record? Record);

/// <summary>
/// Applies one pushed mutation inside its savepoint (RFC 8, 9): checks the object, reads the stored record and its
/// clocks (or takes them from the chunk's <see cref="ChunkReads"/>), admits the clock, lets the object's resolver
/// decide, and writes what it decided through the caller's pipeline (object, record and field permissions against the
/// stored record; validation; hooks). A refusal throws an <see cref="ObjectQLException"/>, which the caller turns into
/// this mutation's <c>rejected</c> result. The conflict audit entry is handed back, not written: the push writes a
/// chunk's entries together, and only those of mutations that stand.
/// </summary>
/// <remarks>With a <see cref="WriteGroup"/>, a create or an update waits in the group (which the run writes) instead of being written alone.</remarks>
internal sealed class MutationApplier(
    ChangeLog log, ObjectQLSession session, string clientId, HlcTimestamp deviceClock, ChunkReads? reads = null, WriteGroup? group = null)
{
    private static readonly HlcTimestamp Unknown = new(0, 0, "server");

    private static readonly Dictionary<string, JsonElement> EmptyData = [];

    /// <summary>Applies the mutation and reads its answer as the caller sees the record now.</summary>
    public async Task<(SyncMutationResult Result, ConflictAuditEntry? Audit)> ApplyAsync(MutationLogEntry mutation, CancellationToken cancellationToken)
    {
        var applied = await ResolveAsync(mutation, cancellationToken).ConfigureAwait(false);
        var view = applied.Written is { } written ? written.Record
            : await session.Object(applied.Definition.Name).FindOneAsync(mutation.RecordId, cancellationToken).ConfigureAwait(false);
        return (Answer(applied, view), applied.Audit);
    }

    /// <summary>
    /// The refusals that need no read: an unknown or system object, one that is not synced, pull-only, or without a
    /// permission set (unless the server opens such objects). Null when the mutation may go on.
    /// </summary>
    public static ObjectQLException? Refusal(ChangeLog log, ObjectQLContext context, MutationLogEntry mutation)
    {
        var definition = log.Database.Model.Find(mutation.ObjectName);
        if (definition is null || definition.IsSystem)
        {
            return new ObjectQLException(ErrorCodes.NotFound, $"There is no object '{mutation.ObjectName}'.",
                [new ErrorDetail("objectName", "Unknown object.", "not_found")]);
        }
        var config = log.ConfigOf(definition.Name);
        if (config is null)
        {
            return Forbidden($"Object '{definition.Name}' is not synced.", "sync_disabled");
        }
        if (!config.AcceptsPush)
        {
            return Forbidden($"Object '{definition.Name}' is pull-only; its changes cannot be pushed.", "pull_only");
        }
        if (definition.Permissions is null && !log.Options.SyncObjectsWithoutPermissions && !context.IsSystem)
        {
            return Forbidden($"Object '{definition.Name}' has no permission set, and the server does not sync such objects to users.", "no_permissions");
        }
        return null;
    }

    /// <summary>Resolves the mutation against the stored record and writes what the resolver decided; the answer is not cut yet.</summary>
    public async Task<AppliedMutation> ResolveAsync(MutationLogEntry mutation, CancellationToken cancellationToken)
    {
        if (Refusal(log, session.Context, mutation) is { } refused)
        {
            throw refused;
        }
        var definition = log.Database.Model.Get(mutation.ObjectName);
        var config = log.ConfigOf(definition.Name)!;
        var system = session.AsSystem();
        var known = reads is not null && reads.TryGet(definition.Name, mutation.RecordId, out var prefetched) ? prefetched : null;
        reads?.Touch(definition.Name, mutation.RecordId);
        var stored = known is not null ? known.Stored : await system.Object(definition.Name).FindOneAsync(mutation.RecordId, cancellationToken).ConfigureAwait(false);
        StoredState? state;
        if (known is not null)
        {
            state = known.State;
        }
        else
        {
            var states = await StoredState.FindAsync(system, definition.Name, new[] { mutation.RecordId }, cancellationToken).ConfigureAwait(false);
            state = states.GetValueOrDefault(mutation.RecordId);
            // A record the chunk took as absent gets its clock row when the chunk commits: one found now was there before,
            // and the create taken to be the record's first write was not.
            if (state is not null && reads is not null && reads.Absent.Contains(definition.Name, mutation.RecordId))
            {
                throw new RecordNotAbsentException(definition.Name, mutation.RecordId);
            }
        }
        if (stored is not null && !(known?.Readable ?? await session.Object(definition.Name).FindOneAsync(mutation.RecordId, cancellationToken).ConfigureAwait(false) is not null))
        {
            // The caller may not read the record: answer as if it were not there, and reveal nothing of it (RFC 8, R3).
            throw mutation.Operation == MutationOperation.Create ? AlreadyExists(mutation) : NotFoundRecord(mutation);
        }
        var server = stored is not null ? ToState(definition, stored, state)
            : state is { DeletedClock: { } deleted } ? new RecordState { RecordId = mutation.RecordId, Version = state.Version, Fields = RecordState.EmptyFields, Clock = state.Clock, DeletedAt = deleted }
            : null;
        var baseImage = mutation.BaseVersion is { } baseVersion && server is not null
            ? (known is not null ? known.BaseImage : await BaseImageAsync(system, definition, mutation.RecordId, baseVersion, cancellationToken).ConfigureAwait(false)) ?? mutation.BaseData
            : mutation.BaseData;
        var clock = await log.ClockAsync(system, cancellationToken).ConfigureAwait(false);
        var admission = await clock.AdmitAsync(HlcTimestamp.Parse(mutation.Clock), deviceClock, server?.ClockSeenBy(mutation.BaseVersion ?? 0, clientId), cancellationToken)
            .ConfigureAwait(false);
        var resolution = ConflictResolverFactory.For(config)
            .Resolve(new ResolutionInput(mutation, admission.Effective, server, baseImage, config, log.Time.GetUtcNow()));
        var toStore = resolution.RecordToStore;
        WrittenRecord? written = null;
        Record? updated = null;
        if (toStore is not null && server is not null && toStore.Version == server.Version)
        {
            await log.WriteClockOnlyAsync(system, definition, toStore, state?.RowId, log.TenantOf(definition, stored), cancellationToken).ConfigureAwait(false);
        }
        else if (toStore is not null)
        {
            // The answer's clock is the admitted one: when the record takes that clock, the log reuses the answer's text of it.
            var clockText = resolution.Result is SyncMutationApplied applied && toStore.Clock == admission.Effective ? applied.Clock : null;
            var record = await WriteAsync(definition, mutation, server, toStore, state?.RowId, clockText, cancellationToken).ConfigureAwait(false);
            written = log.Batched ? new WrittenRecord(record) : null;
            updated = !log.Batched && server is { IsDeleted: false } && !toStore.IsDeleted ? record : null;
        }
        var wrote = toStore is not null && (server is null || toStore.Version != server.Version);
        return new AppliedMutation(definition, config.Strategy, mutation, resolution.Result, wrote, resolution.Audit, written, updated);
    }

    // Returns the record as the caller's pipeline returned it from the write (null for a delete, or a write left in the group).
    // clockRowId: the id of the record's clock row when the transaction began, null when it had none (the log's stage
    // need not read it again); clockText: the text of toStore's clock when the answer has formatted it already.
    private async Task<Record?> WriteAsync(
        ObjectDefinition definition, MutationLogEntry mutation, RecordState? server, RecordState toStore, string? clockRowId, string? clockText,
        CancellationToken cancellationToken)
    {
        log.PushScopeOf(session.Transaction!).Expect(definition.Name, mutation.RecordId, mutation.Id, new PushScope.Expected(clientId, toStore, clockRowId, clockText));
        if (toStore.IsDeleted)
        {
            await session.Object(definition.Name).DeleteAsync(mutation.RecordId, cancellationToken).ConfigureAwait(false);
            return null;
        }
        // The fields and the id (create) or the version (update); a create's record is stamped in place, with room for
        // the system fields.
        var values = new Record(toStore.Fields.Count + (server is null or { IsDeleted: true } ? SystemFields.All.Count : 1));
        foreach (var (name, field) in toStore.Fields)
        {
            if (SystemFields.IsSystemField(name) || definition.FindField(name) is { IsComputed: true })
            {
                continue;
            }
            if (server is { IsDeleted: false } && server.ValueOf(name) is { } old && JsonValues.ValueEquals(old, field.Value))
            {
                continue;
            }
            values[name] = CanonicalValues.FromJson(FieldShape.Get(definition, name), field.Value);
        }
        if (server is null or { IsDeleted: true })
        {
            values[SystemFields.Id] = mutation.RecordId;
            if (group is not null && group.TryAdd(ChangeOperation.Create, definition.Name, mutation.RecordId, values, session.Origin!))
            {
                return null;
            }
            // The session's repository is looked up only here: a create waiting in the group needs none.
            return (await OwnedCreates.CreateAsync(session.Object(definition.Name), [values], cancellationToken).ConfigureAwait(false))[0];
        }
        // Compare-and-swap on the version the resolver read: a writer that committed since fails this mutation, never overwrites.
        values[SystemFields.Version] = server.Version;
        if (group is not null && group.TryAdd(ChangeOperation.Update, definition.Name, mutation.RecordId, values, session.Origin!))
        {
            return null;
        }
        return await session.Object(definition.Name).UpdateAsync(mutation.RecordId, values, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The answer as the caller may read it (RFC 8): the record as the caller's pipeline returned it right after the
    /// mutation (<paramref name="view"/>, null when the caller may not read it or it is gone). <paramref name="differs"/>:
    /// whether a value sent is not what <paramref name="view"/> holds, when the caller has compared them already.
    /// </summary>
    public static SyncMutationResult Answer(AppliedMutation applied, Record? view, bool? differs = null)
    {
        var (strategy, mutation, wrote) = (applied.Strategy, applied.Mutation, applied.Wrote);
        switch (applied.Result)
        {
            case SyncMutationApplied done:
                // The wire form of the record is built only when the answer carries the record or its clocks: whether
                // the store holds other values than were sent is read from the record itself.
                var sendRecord = view is not null && done.Outcome != ApplyOutcome.Deleted && (done.Record is not null || (wrote && (differs ?? Differs(mutation, view))));
                var clocks = strategy == SyncStrategy.Crdt ? done.FieldClocks : null;
                var record = view is not null && (sendRecord || clocks is not null) ? Wire(view) : null;
                var version = wrote && view is not null ? RowValues.Long(view[SystemFields.Version]) : done.ServerVersion;
                return done with
                {
                    ServerVersion = version,
                    Record = sendRecord ? record : null,
                    FieldClocks = clocks is not null && record is not null
                        ? clocks.Where(c => record.ContainsKey(c.Key)).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal)
                        : null,
                };
            case SyncMutationConflict conflict when view is not null:
                var wire = Wire(view);
                return conflict with
                {
                    Conflict = conflict.Conflict with
                    {
                        ServerRecord = Only(conflict.Conflict.ServerRecord, wire),
                        SuggestedResolution = conflict.Conflict.SuggestedResolution is { } suggested ? Only(suggested, wire) : null,
                    },
                };
            default:
                return applied.Result;
        }
    }

    /// <summary>True when a value sent is not what <paramref name="stored"/> holds (or the field is not in it).</summary>
    public static bool Differs(MutationLogEntry mutation, Record stored)
    {
        foreach (var (field, sent) in mutation.Data ?? EmptyData)
        {
            if (!stored.TryGetValue(field, out var value) || !CanonicalJson.ValueEquals(value, sent))
            {
                return true;
            }
        }
        return false;
    }

    private static Dictionary<string, JsonElement> Only(IReadOnlyDictionary<string, JsonElement> values, Dictionary<string, JsonElement> readable) =>
        values.Where(v => readable.ContainsKey(v.Key)).ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);

    /// <summary>A record as the wire carries it: every field it holds as canonical JSON, in ordinal order.</summary>
    public static Dictionary<string, JsonElement> Wire(Record record) => RowValues.Elements(record, record.Fields.Order(StringComparer.Ordinal));

    /// <summary>The stored record with its clocks, as the resolvers read it; fields without a clock row get the record's.</summary>
    public static RecordState ToState(ObjectDefinition definition, Record stored, StoredState? state)
    {
        var version = RowValues.Long(stored[SystemFields.Version]);
        var fields = ImmutableSortedDictionary.CreateBuilder<string, FieldState>(StringComparer.Ordinal);
        var values = RowValues.Elements(stored, definition.Fields.Where(f => !f.IsComputed && stored.Contains(f.Name)).Select(f => f.Name));
        foreach (var (name, value) in values)
        {
            var (clock, at) = state is not null && state.Fields.TryGetValue(name, out var known) ? known : (state?.Clock ?? Unknown, version);
            fields[name] = new FieldState(value, clock, at);
        }
        return new RecordState { RecordId = stored.Id!, Version = version, Fields = fields.ToImmutable(), Clock = state?.Clock ?? Unknown };
    }

    // The record's values at the base version, from the change the log kept for it (RFC 9.1); null once pruned.
    private static async Task<IReadOnlyDictionary<string, JsonElement>?> BaseImageAsync(
        IObjectQLSession system, ObjectDefinition definition, string recordId, long baseVersion, CancellationToken cancellationToken)
    {
        var rows = await system.Object(SyncObjects.Change).FindAsync(new Querying.Query
        {
            Where = Querying.Filter.And.Of(
                new Querying.Filter.Comparison("object_name", Querying.FilterOperator.Eq, definition.Name),
                new Querying.Filter.Comparison("record_id", Querying.FilterOperator.Eq, recordId),
                new Querying.Filter.Comparison("version", Querying.FilterOperator.Eq, (double)baseVersion)),
            Fields = ["data"],
            Limit = 1,
        }, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : BaseImage(definition, rows[0]["data"] as string);
    }

    /// <summary>A change row's post-image as a base: without system fields, and without fields the schema has dropped since.</summary>
    public static IReadOnlyDictionary<string, JsonElement>? BaseImage(ObjectDefinition definition, string? data)
    {
        if (data is null)
        {
            return null;
        }
        var image = RowValues.Members(data);
        foreach (var name in SystemFields.All)
        {
            image.Remove(name);
        }
        foreach (var name in image.Keys.Where(n => definition.FindField(n) is null).ToList())
        {
            image.Remove(name);
        }
        return image;
    }

    private static ObjectQLException Forbidden(string message, string reason) =>
        new(ErrorCodes.Forbidden, message, [new ErrorDetail("objectName", message, reason)]);

    private static ObjectQLException AlreadyExists(MutationLogEntry mutation) =>
        new(ErrorCodes.Conflict, $"A record with id '{mutation.RecordId}' already exists.", [new ErrorDetail("recordId", "The id is taken.", "already_exists")]);

    private static ObjectQLException NotFoundRecord(MutationLogEntry mutation) =>
        new(ErrorCodes.NotFound, $"There is no record '{mutation.RecordId}' of '{mutation.ObjectName}'.", [new ErrorDetail("recordId", "Unknown record.", "not_found")]);
}
