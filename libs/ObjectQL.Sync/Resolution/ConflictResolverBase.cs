using System.Collections.Immutable;
using System.Text.Json;
using ObjectQL.Metadata;
using ObjectQL.Sync.Clocks;
using ObjectQL.Sync.Protocol;
using ObjectQL.Values;

namespace ObjectQL.Sync.Resolution;

/// <summary>
/// The rules every strategy shares: a create makes the record; an update or delete of an unknown id is rejected; a delete
/// is final (a tombstone wins over every later write, so ids are never resurrected); a base version ahead of the server is
/// rejected; a create of a live id is rejected (<c>CONFLICT</c>, <c>already_exists</c>). Strategies decide only what
/// happens when an update or delete meets the live record.
/// </summary>
/// <remarks>
/// The base of the three shipped strategies only: its constructor is private protected, so it cannot be derived outside
/// ObjectQL.Sync. A custom strategy implements <see cref="IConflictResolver"/>.
/// </remarks>
public abstract class ConflictResolverBase : IConflictResolver
{
    private protected ConflictResolverBase()
    {
    }

    /// <inheritdoc />
    public abstract SyncStrategy Strategy { get; }

    /// <inheritdoc />
    public Resolution Resolve(ResolutionInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var mutation = input.Mutation;
        if (!string.Equals(mutation.ObjectName, input.Config.ObjectName, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The mutation is for '{mutation.ObjectName}' but the configuration for '{input.Config.ObjectName}'.", nameof(input));
        }
        if (input.Config.Definition is { } definition)
        {
            return ResolveConverted(input, definition);
        }
        return ResolveAsSent(input);
    }

    // Values are compared as the store will hold them: converted by field type, exactly (SyncValues). A value its field
    // cannot hold rejects this mutation alone, naming the field; one whose stored bytes differ from the sent ones is
    // answered with the record, so the client holds what the server holds.
    private Resolution ResolveConverted(ResolutionInput input, ObjectDefinition definition)
    {
        ResolutionInput converted;
        try
        {
            converted = input with
            {
                Mutation = SyncValues.Convert(definition, input.Mutation),
                // The server's own log may hold fields the schema has since dropped; they are no part of this write.
                BaseImage = SyncValues.Convert(definition, input.BaseImage?.Where(f => FieldShape.Find(definition, f.Key) is not null)
                    .ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal)),
            };
        }
        catch (ObjectQLException e) when (e.Code == ErrorCodes.InvalidRequest && e.Details.Count > 0)
        {
            var detail = e.Details[0];
            return Rejected(input, e.Code, e.Message, detail.Field ?? "data", detail.Reason ?? "invalid_type");
        }
        var resolution = ResolveAsSent(converted);
        if (resolution.Result is SyncMutationApplied { Record: null, Outcome: ApplyOutcome.Accepted } applied
            && !SyncValues.SameBytes(input.Mutation.Data, converted.Mutation.Data)
            && (resolution.RecordToStore ?? input.Server) is { IsDeleted: false } record)
        {
            return resolution with { Result = applied with { Record = record.ToWireRecord() } };
        }
        return resolution;
    }

    private Resolution ResolveAsSent(ResolutionInput input)
    {
        var mutation = input.Mutation;
        var server = input.Server;
        if (server is null)
        {
            return mutation.Operation == MutationOperation.Create
                ? Applied(input, Created(input), ApplyOutcome.Accepted, audit: null)
                : Rejected(input, ErrorCodes.NotFound, $"{mutation.ObjectName} '{mutation.RecordId}' does not exist.", "recordId", "not_found");
        }
        if (server.IsDeleted)
        {
            return mutation.Operation == MutationOperation.Delete
                ? Applied(input, EarlierTombstone(server, input.Clock), ApplyOutcome.Accepted, audit: null, current: server)
                : ResolveWriteOnTombstone(input, server);
        }
        if (mutation.Operation == MutationOperation.Create)
        {
            // Nothing of the existing record is revealed: the caller may not be allowed to read it.
            return Rejected(input, ErrorCodes.Conflict, $"{mutation.ObjectName} '{mutation.RecordId}' already exists; a create never overwrites a record.",
                "recordId", "already_exists");
        }
        if (mutation.BaseVersion > server.Version)
        {
            return Rejected(input, ErrorCodes.InvalidRequest,
                $"baseVersion {mutation.BaseVersion} is ahead of the server's version {server.Version}.", "baseVersion", "ahead_of_server");
        }
        var context = new MergeContext(input, server);
        return mutation.Operation == MutationOperation.Delete ? ResolveDelete(context) : ResolveWrite(context);
    }

    /// <summary>Decides a create or update that meets the live record.</summary>
    internal abstract Resolution ResolveWrite(MergeContext context);

    /// <summary>Decides a delete of the live record: by default the delete wins, audited when it collides with a concurrent write of a conflict field.</summary>
    internal virtual Resolution ResolveDelete(MergeContext context)
    {
        var collided = context.CollidedConflictFields;
        var audit = collided.Count == 0 ? null : Audit(context.Input, context.Server, ConflictOutcome.DeleteWon, collided, context.ConcurrentClock);
        return Applied(context.Input, Tombstone(context.Server, context.Clock), ApplyOutcome.Accepted, audit);
    }

    /// <summary>A create or update of a deleted record: the delete wins, silently but audited.</summary>
    internal virtual Resolution ResolveWriteOnTombstone(ResolutionInput input, RecordState server) =>
        Applied(input, stored: null, ApplyOutcome.Deleted, Audit(input, server, ConflictOutcome.DeleteWon, [], server.DeletedAt!.Value), current: server);

    // ---- building blocks for the strategies ----

    /// <summary>A write that collides with no concurrent change: each field is stored unless a concurrent write of it is later.</summary>
    private protected Resolution ApplyUncontested(MergeContext context)
    {
        var stored = Store(context.Server, context.Server.RecordId, PerFieldWrites(context), context.Clock);
        return AppliedAfterWrite(context, stored, audit: null);
    }

    /// <summary>
    /// A new record: what <see cref="Store"/> makes of the mutation's changes (<see cref="CrdtRules.Changes"/>) on no
    /// record, that is every field sent but the system fields, at version 1 and the mutation's clock; built in one pass
    /// instead of through a map of the writes first.
    /// </summary>
    private static RecordState Created(ResolutionInput input)
    {
        const long Version = 1;
        var fields = RecordState.EmptyFields.ToBuilder();
        foreach (var (field, value) in input.Mutation.Data ?? ImmutableDictionary<string, JsonElement>.Empty)
        {
            if (!SystemFields.IsSystemField(field))
            {
                fields[field] = new FieldState(value, input.Clock, Version);
            }
        }
        return new RecordState { RecordId = input.Mutation.RecordId, Version = Version, Fields = fields.ToImmutable(), Clock = input.Clock };
    }

    /// <summary>
    /// The record after writing <paramref name="writes"/> at <paramref name="clock"/>, or null when nothing changes. Only a
    /// changed value makes a new version; a write that only moves clocks (crdt, an equal value with a later clock) keeps the
    /// version and the fields' versions: a metadata write with no change-log row.
    /// </summary>
    internal static RecordState? Store(RecordState? server, string recordId, IReadOnlyDictionary<string, JsonElement> writes, HlcTimestamp clock)
    {
        var changed = server is null || writes.Any(w => !JsonValues.ValueEquals(w.Value, server.ValueOf(w.Key)) || !server.Fields.ContainsKey(w.Key));
        if (server is not null && (writes.Count == 0 || (!changed && writes.All(w => server.Fields[w.Key].Clock >= clock))))
        {
            return null;
        }
        var version = (server?.Version ?? 0) + (changed ? 1 : 0);
        var fields = (server?.Fields ?? RecordState.EmptyFields).ToBuilder();
        foreach (var (field, value) in writes)
        {
            var same = server is not null && server.Fields.TryGetValue(field, out var old) && JsonValues.ValueEquals(old.Value, value);
            fields[field] = new FieldState(value, clock, same ? server!.Fields[field].Version : version);
        }
        return new RecordState
        {
            RecordId = recordId,
            Version = version,
            Fields = fields.ToImmutable(),
            Clock = server is null ? clock : HlcTimestamp.Max(server.Clock, clock),
        };
    }

    // A second delete changes nothing unless it is earlier: then the tombstone takes its clock, without a new version.
    private static RecordState? EarlierTombstone(RecordState tombstone, HlcTimestamp clock) =>
        CrdtRules.TombstoneClock(tombstone.DeletedAt!.Value, clock) == tombstone.DeletedAt ? null : tombstone with { DeletedAt = clock };

    internal static RecordState Tombstone(RecordState server, HlcTimestamp clock) => new()
    {
        RecordId = server.RecordId,
        Version = server.Version + 1,
        Fields = RecordState.EmptyFields,
        Clock = HlcTimestamp.Max(server.Clock, clock),
        DeletedAt = clock,
    };

    /// <summary>The client's changes that differ from the server's values (last-write-wins and manual write values, not clocks).</summary>
    internal static Dictionary<string, JsonElement> Differing(MergeContext context, IEnumerable<string> fields)
    {
        var writes = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            var value = context.ClientChanges[field];
            if (!JsonValues.ValueEquals(value, context.Server.ValueOf(field)))
            {
                writes[field] = value;
            }
        }
        return writes;
    }

    /// <summary>
    /// With no conflict to decide, each changed field resolves alone: the client's value, unless another writer changed the
    /// same (non-conflict) field concurrently with a later clock. Order is by clock, never by arrival.
    /// </summary>
    internal static Dictionary<string, JsonElement> PerFieldWrites(MergeContext context) =>
        Differing(context, context.ClientChanges.Keys.Where(f => !context.IsConcurrent(f) || context.Clock > context.Server.Fields[f].Clock));

    /// <summary>
    /// An applied result, choosing the outcome the client needs to bring its copy in line. Any client value that did not
    /// make it into the record is audited, conflict field or not: discarded data is always on record.
    /// </summary>
    internal Resolution AppliedAfterWrite(MergeContext context, RecordState? stored, ConflictAuditEntry? audit)
    {
        var result = stored ?? context.Server;
        var lost = context.ClientChanges.Keys.Where(f => !JsonValues.ValueEquals(context.ClientChanges[f], result.ValueOf(f))).ToList();
        var outcome = lost.Count == 0 && context.ConcurrentFields.Count == 0
            ? ApplyOutcome.Accepted
            : stored is null && lost.Count > 0 ? ApplyOutcome.Superseded : ApplyOutcome.Merged;
        if (audit is null && lost.Count > 0)
        {
            var beatenBy = lost.Select(f => result.Fields.TryGetValue(f, out var holder) ? holder.Clock : context.ConcurrentClock).Max();
            audit = Audit(context.Input, context.Server, stored is null ? ConflictOutcome.ServerWon : ConflictOutcome.Merged, lost, beatenBy);
        }
        return Applied(context.Input, stored, outcome, audit, context.Server);
    }

    internal static Resolution Applied(ResolutionInput input, RecordState? stored, ApplyOutcome outcome, ConflictAuditEntry? audit, RecordState? current = null)
    {
        var record = stored ?? current ?? throw new InvalidOperationException("An applied result needs a record.");
        var result = new SyncMutationApplied(
            input.Mutation.Id,
            record.Version,
            outcome,
            ClockText(input),
            outcome is ApplyOutcome.Merged or ApplyOutcome.Superseded ? record.ToWireRecord() : null,
            input.Config.Strategy == SyncStrategy.Crdt && !record.IsDeleted ? record.ToFieldClocks() : null);
        return new Resolution(stored, result, audit);
    }

    // The text of the clock the write is ordered by: mostly the mutation's own, whose text is canonical (HlcTimestamp
    // parses no other form) and so already the answer's, without formatting one more string per mutation.
    private static string ClockText(ResolutionInput input) =>
        HlcTimestamp.TryParse(input.Mutation.Clock, out var sent) && sent == input.Clock ? input.Mutation.Clock : input.Clock.ToString();

    internal static Resolution Rejected(ResolutionInput input, string code, string reason, string field, string detailReason, ConflictAuditEntry? audit = null) =>
        new(null, new SyncMutationRejected(input.Mutation.Id, reason, code, [new ErrorDetail(field, reason, detailReason)]), audit);

    internal ConflictAuditEntry Audit(ResolutionInput input, RecordState server, ConflictOutcome outcome, IReadOnlyList<string> fields, HlcTimestamp serverClock) => new(
        input.Mutation.ObjectName,
        input.Mutation.RecordId,
        input.Mutation.Id,
        input.Mutation.ClientId,
        Strategy,
        outcome,
        fields,
        input.Mutation.Operation,
        input.Mutation.Data,
        server.IsDeleted ? null : server.ToWireRecord(),
        input.Clock,
        serverClock,
        server.Version,
        input.Now);
}
