using System.Text.Json;
using ObjectQL.Metadata;

namespace ObjectQL.Sync.Resolution;

/// <summary>
/// <c>crdt</c>: a last-write-wins register per field. Each field the client changed is stored when its clock is later than
/// the field's stored clock (equal clocks: the larger canonical value), so concurrent edits of different fields both
/// survive and every replica that sees the same writes ends with the same record, whatever the order. A delete is a
/// tombstone and wins over every write (<see cref="CrdtRecord"/> states the same rules for replicas).
/// </summary>
public sealed class CrdtResolver : ConflictResolverBase
{
    /// <summary>The shared instance; the resolver holds no state.</summary>
    public static CrdtResolver Instance { get; } = new();

    /// <inheritdoc />
    public override SyncStrategy Strategy => SyncStrategy.Crdt;

    internal override Resolution ResolveWrite(MergeContext context)
    {
        var writes = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var won = new List<string>();
        var lost = new List<string>();
        foreach (var (field, value) in context.ClientChanges)
        {
            var wins = !context.Server.Fields.TryGetValue(field, out var current) || CrdtRules.Wins(value, context.Clock, current.Value, current.Clock);
            if (wins)
            {
                writes[field] = value;
            }
            if (context.Overlap.Contains(field))
            {
                (wins ? won : lost).Add(field);
            }
        }
        var stored = Store(context.Server, context.Server.RecordId, writes, context.Clock);
        var audit = context.Overlap.Count == 0
            ? null
            : Audit(context.Input, context.Server, lost.Count == 0 ? ConflictOutcome.ClientWon : won.Count == 0 ? ConflictOutcome.ServerWon : ConflictOutcome.Merged,
                context.Overlap, context.OverlapClock);
        return AppliedAfterWrite(context, stored, audit);
    }
}
