using ObjectQL.Metadata;

namespace ObjectQL.Sync.Resolution;

/// <summary>
/// <c>last-write-wins</c>, record level. When the client's update collides with a concurrent write on a conflict field,
/// the write with the later hybrid logical clock wins as a whole (ties broken by client id, which the clock carries):
/// either every field of the mutation is stored, or none is. Without a collision each field is stored unless a concurrent
/// write of it is later. A delete always wins.
/// </summary>
public sealed class LastWriteWinsResolver : ConflictResolverBase
{
    /// <summary>The shared instance; the resolver holds no state.</summary>
    public static LastWriteWinsResolver Instance { get; } = new();

    /// <inheritdoc />
    public override SyncStrategy Strategy => SyncStrategy.LastWriteWins;

    internal override Resolution ResolveWrite(MergeContext context)
    {
        if (context.Overlap.Count == 0)
        {
            return ApplyUncontested(context);
        }
        // Only the writes the client collides with decide; a later concurrent edit of a field it did not touch does not.
        if (context.Clock > context.OverlapClock)
        {
            var stored = Store(context.Server, context.Server.RecordId, Differing(context, context.ClientChanges.Keys), context.Clock);
            return AppliedAfterWrite(context, stored, Audit(context.Input, context.Server, ConflictOutcome.ClientWon, context.Overlap, context.OverlapClock));
        }
        return AppliedAfterWrite(context, stored: null, Audit(context.Input, context.Server, ConflictOutcome.ServerWon, context.Overlap, context.OverlapClock));
    }
}
