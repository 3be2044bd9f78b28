using System.Collections.Immutable;
using System.Text.Json;
using ObjectQL.Metadata;
using ObjectQL.Sync.Clocks;

namespace ObjectQL.Sync.Resolution;

/// <summary>
/// The facts every strategy decides from, computed once: what the client really changed, what others changed since its
/// base version, and where the two collide.
/// </summary>
internal sealed class MergeContext
{
    public MergeContext(ResolutionInput input, RecordState server)
    {
        Input = input;
        Server = server;
        var mutation = input.Mutation;
        BaseVersion = mutation.BaseVersion ?? 0;
        var baseImage = input.BaseImage ?? mutation.BaseData;
        BaseImage = baseImage;

        var changes = CrdtRules.Changes(mutation.Data, baseImage);
        ClientChanges = changes;

        var concurrent = new List<string>();
        foreach (var (field, state) in server.Fields)
        {
            if (IsChangedByOthers(field, state))
            {
                concurrent.Add(field);
            }
        }
        ConcurrentFields = concurrent;
        ConcurrentClock = concurrent.Count == 0 ? server.Clock : concurrent.Select(f => server.Fields[f].Clock).Max();

        Overlap = changes
            .Where(c => input.Config.IsConflictField(c.Key) && concurrent.Contains(c.Key) && !JsonValues.ValueEquals(c.Value, server.Fields[c.Key].Value))
            .Select(c => c.Key)
            .ToList();
        OverlapClock = Overlap.Count == 0 ? ConcurrentClock : Overlap.Select(f => server.Fields[f].Clock).Max();
    }

    public ResolutionInput Input { get; }

    public RecordState Server { get; }

    public HlcTimestamp Clock => Input.Clock;

    /// <summary>The version the client's write was based on; 0 for a create that met an existing record.</summary>
    public long BaseVersion { get; }

    public IReadOnlyDictionary<string, JsonElement>? BaseImage { get; }

    /// <summary>The fields the client changed, without system fields and without fields equal to their base value.</summary>
    public IReadOnlyDictionary<string, JsonElement> ClientChanges { get; }

    /// <summary>Fields another writer changed after the client's base version (ordinal order).</summary>
    public IReadOnlyList<string> ConcurrentFields { get; }

    /// <summary>The latest clock among those concurrent writes (the server record's clock when there are none).</summary>
    public HlcTimestamp ConcurrentClock { get; }

    /// <summary>Conflict fields both sides changed to different values (ordinal order).</summary>
    public IReadOnlyList<string> Overlap { get; }

    /// <summary>The latest clock among the writes the client collides with on <see cref="Overlap"/>: the one it must beat.</summary>
    public HlcTimestamp OverlapClock { get; }

    public bool IsConcurrent(string field) => ConcurrentFields.Contains(field);

    /// <summary>The conflict fields a concurrent write changed: what a delete collides with.</summary>
    public IReadOnlyList<string> CollidedConflictFields => [.. ConcurrentFields.Where(Input.Config.IsConflictField)];

    // The client's own earlier writes are not concurrent with it: its mutations arrive in order and build on each other.
    private bool IsChangedByOthers(string field, FieldState state)
    {
        if (state.Version <= BaseVersion || string.Equals(state.Clock.Node, Input.Mutation.ClientId, StringComparison.Ordinal))
        {
            return false;
        }
        // With the base value known, a field changed and changed back (A-B-A) is not a concurrent change.
        return BaseImage is null || !BaseImage.TryGetValue(field, out var before) || !JsonValues.ValueEquals(before, state.Value);
    }
}
