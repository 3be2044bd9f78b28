using System.Collections.Immutable;
using System.Text.Json;
using ObjectQL.Metadata;
using ObjectQL.Sync.Clocks;

namespace ObjectQL.Sync.Resolution;

/// <summary>
/// The one rule set of the <c>crdt</c> strategy, used by the server's <see cref="CrdtResolver"/> and by every replica's
/// <see cref="CrdtRecord"/>, so the two cannot drift apart.
/// </summary>
public static class CrdtRules
{
    /// <summary>
    /// What a write changes: the fields of <paramref name="data"/> without system fields and without fields equal to
    /// their known base value (a field sent with its base value was not changed and must not overwrite anyone).
    /// </summary>
    public static ImmutableSortedDictionary<string, JsonElement> Changes(
        IReadOnlyDictionary<string, JsonElement>? data, IReadOnlyDictionary<string, JsonElement>? baseImage)
    {
        var changes = ImmutableSortedDictionary.CreateBuilder<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (field, value) in data ?? ImmutableDictionary<string, JsonElement>.Empty)
        {
            if (SystemFields.IsSystemField(field) || (baseImage is not null && baseImage.TryGetValue(field, out var before) && JsonValues.ValueEquals(before, value)))
            {
                continue;
            }
            changes[field] = value;
        }
        return changes.ToImmutable();
    }

    /// <summary>True when a write of <paramref name="value"/> at <paramref name="clock"/> replaces a register holding <paramref name="currentValue"/> at <paramref name="currentClock"/>: the later clock, equal clocks by the larger canonical value.</summary>
    public static bool Wins(JsonElement value, HlcTimestamp clock, JsonElement currentValue, HlcTimestamp currentClock)
    {
        var byClock = clock.CompareTo(currentClock);
        return byClock > 0 || (byClock == 0 && JsonValues.CompareCanonical(value, currentValue) > 0);
    }

    /// <summary>The clock a tombstone keeps when two deletes meet: the earlier one, the moment the record stopped existing.</summary>
    public static HlcTimestamp TombstoneClock(HlcTimestamp a, HlcTimestamp b) => a <= b ? a : b;
}
