using System.Text.Json;
using ObjectQL.Metadata;
using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Resolution;

/// <summary>
/// <c>manual</c>: a write that collides with a concurrent change of a conflict field (both sides changed it, from the
/// base, to different values) is not applied; the conflict goes back with the server record and a suggested resolution,
/// and the application answers with a new mutation based on <see cref="SyncConflict.ServerVersion"/>. Writes that do not
/// collide are applied field by field. A write to a deleted record is rejected (<c>NOT_FOUND</c>) so the user is told.
/// </summary>
public sealed class ManualResolver : ConflictResolverBase
{
    /// <summary>The shared instance; the resolver holds no state.</summary>
    public static ManualResolver Instance { get; } = new();

    /// <inheritdoc />
    public override SyncStrategy Strategy => SyncStrategy.Manual;

    internal override Resolution ResolveWrite(MergeContext context)
    {
        if (context.Overlap.Count == 0)
        {
            return ApplyUncontested(context);
        }
        return Conflict(context, context.Overlap, Suggest(context));
    }

    internal override Resolution ResolveDelete(MergeContext context)
    {
        var collided = context.CollidedConflictFields;
        return collided.Count == 0
            ? Applied(context.Input, Tombstone(context.Server, context.Clock), ApplyOutcome.Accepted, audit: null)
            : Conflict(context, collided, suggestion: null);
    }

    internal override Resolution ResolveWriteOnTombstone(ResolutionInput input, RecordState server) =>
        Rejected(input, ErrorCodes.NotFound,
            $"{input.Mutation.ObjectName} '{input.Mutation.RecordId}' was deleted (at {server.DeletedAt}) before this change reached the server.",
            "recordId", "deleted", Audit(input, server, ConflictOutcome.DeleteWon, [], server.DeletedAt!.Value));

    private Resolution Conflict(MergeContext context, IReadOnlyList<string> fields, IReadOnlyDictionary<string, JsonElement>? suggestion)
    {
        var conflict = new SyncConflict(
            context.Input.Mutation.ObjectName,
            context.Input.Mutation.RecordId,
            context.Input.Mutation,
            context.Server.ToWireRecord(),
            fields,
            context.Server.Version,
            suggestion);
        var audit = Audit(context.Input, context.Server, ConflictOutcome.Flagged, fields,
            fields.Select(f => context.Server.Fields[f].Clock).DefaultIfEmpty(context.ConcurrentClock).Max());
        return new Resolution(null, new SyncMutationConflict(context.Input.Mutation.Id, conflict), audit);
    }

    // The suggestion is what crdt would have stored: per field the later clock, the client's uncontested changes on top.
    private static IReadOnlyDictionary<string, JsonElement> Suggest(MergeContext context)
    {
        var suggestion = new SortedDictionary<string, JsonElement>(context.Server.ToWireRecord().ToDictionary(), StringComparer.Ordinal);
        foreach (var (field, value) in context.ClientChanges)
        {
            if (!context.IsConcurrent(field) || context.Clock > context.Server.Fields[field].Clock)
            {
                suggestion[field] = value;
            }
        }
        return new Dictionary<string, JsonElement>(suggestion, StringComparer.Ordinal);
    }
}
