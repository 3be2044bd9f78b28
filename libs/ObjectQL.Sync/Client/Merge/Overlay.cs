using System.Text.Json;
using ObjectQL.Metadata;
using ObjectQL.Sync.Clocks;
using ObjectQL.Sync.Client.Storage;
using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Client.Merge;

// What the application sees of one record (RFC 10.1, 10.2): the synced copy with the pending mutations re-applied on
// top by the object's strategy. crdt: a pending field shows when its clock is later than the field's clock in the copy;
// last-write-wins: a pending mutation shows when its clock is later than the copy's record clock; manual: pending edits
// always show until the server answers. A delete, on either side, hides the record.
internal static class Overlay
{
    public static Dictionary<string, JsonElement>? Display(SyncStrategy strategy, SyncedRecord? synced, IReadOnlyList<LoggedMutation> pending)
    {
        var values = synced is { Deleted: false, Image: { } image } ? new Dictionary<string, JsonElement>(image, StringComparer.Ordinal) : null;
        foreach (var mutation in pending)
        {
            switch (mutation.Operation)
            {
                case MutationOperation.Create:
                    values ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                    foreach (var (field, value) in mutation.Data ?? [])
                    {
                        values[field] = value;
                    }
                    break;
                case MutationOperation.Update when values is not null:
                    foreach (var (field, value) in mutation.Data ?? [])
                    {
                        if (Shows(strategy, synced, mutation.Clock, field))
                        {
                            values[field] = value;
                        }
                    }
                    break;
                case MutationOperation.Delete:
                    values = null;
                    break;
            }
        }
        return synced is { Deleted: true } ? null : values;
    }

    private static bool Shows(SyncStrategy strategy, SyncedRecord? synced, string clock, string field)
    {
        if (synced is null || strategy == SyncStrategy.Manual)
        {
            return true;
        }
        var against = strategy == SyncStrategy.Crdt && synced.FieldClocks?.GetValueOrDefault(field) is { } fieldClock ? fieldClock : synced.Clock;
        return against is null || !HlcTimestamp.TryParse(against, out var theirs) || !HlcTimestamp.TryParse(clock, out var ours) || ours > theirs;
    }
}
