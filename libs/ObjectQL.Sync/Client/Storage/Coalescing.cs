using System.Text.Json;
using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Client.Storage;

// RFC 10.4: a new local write of a record whose latest logged mutation was never sent merges into it. Updates merge
// (later values win per field, base data keeps the earliest base value of each field, the earliest base version, the
// latest clock, the first id and sequence); a create absorbs its updates; anything followed by a delete becomes the
// delete, and a create followed by a delete becomes nothing.
internal static class Coalescing
{
    // What replaces `last`: Keep (append `next` as its own mutation), Replace(merged), or Drop (both disappear).
    public static (CoalesceAction Action, LoggedMutation? Merged) Merge(LoggedMutation last, LoggedMutation next)
    {
        if (last.State != MutationStates.Pending || next.Operation == MutationOperation.Create)
        {
            return (CoalesceAction.Append, null);
        }
        return (last.Operation, next.Operation) switch
        {
            (MutationOperation.Create, MutationOperation.Update) =>
                (CoalesceAction.Replace, last with { Data = Overlay(last.Data, next.Data), Clock = next.Clock, Timestamp = next.Timestamp }),
            (MutationOperation.Create, MutationOperation.Delete) => (CoalesceAction.Drop, null),
            (MutationOperation.Update, MutationOperation.Update) => (CoalesceAction.Replace, last with
            {
                Data = Overlay(last.Data, next.Data),
                BaseData = Earliest(last.BaseData, next.BaseData),
                Clock = next.Clock,
                Timestamp = next.Timestamp,
            }),
            (MutationOperation.Update, MutationOperation.Delete) =>
                (CoalesceAction.Replace, last with { Operation = MutationOperation.Delete, Data = null, BaseData = null, Clock = next.Clock, Timestamp = next.Timestamp }),
            _ => (CoalesceAction.Append, null),
        };
    }

    private static Dictionary<string, JsonElement> Overlay(Dictionary<string, JsonElement>? earlier, Dictionary<string, JsonElement>? later)
    {
        var merged = new Dictionary<string, JsonElement>(earlier ?? [], StringComparer.Ordinal);
        foreach (var (field, value) in later ?? [])
        {
            merged[field] = value;
        }
        return merged;
    }

    private static Dictionary<string, JsonElement>? Earliest(Dictionary<string, JsonElement>? earlier, Dictionary<string, JsonElement>? later)
    {
        if (earlier is null && later is null)
        {
            return null;
        }
        var merged = new Dictionary<string, JsonElement>(earlier ?? [], StringComparer.Ordinal);
        foreach (var (field, value) in later ?? [])
        {
            merged.TryAdd(field, value);
        }
        return merged;
    }
}

internal enum CoalesceAction
{
    Append,
    Replace,
    Drop,
}
