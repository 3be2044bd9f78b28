using System.Collections.Immutable;
using System.Text.Json;
using ObjectQL.Metadata;
using ObjectQL.Sync.Clocks;

namespace ObjectQL.Sync.Resolution;

/// <summary>One field of a synced record as the server keeps it: its value, the clock of its last write, and the record version that write produced.</summary>
/// <param name="Value">The value as JSON.</param>
/// <param name="Clock">The hybrid logical clock of the write that set it; its node is the writer.</param>
/// <param name="Version">The record version the write produced, so "changed since base version b" is <c>Version &gt; b</c>.</param>
public sealed record FieldState(JsonElement Value, HlcTimestamp Clock, long Version)
{
    /// <summary>Equal when clock, version and the canonical bytes of the value are equal (so <c>1</c> and <c>1.0</c> differ).</summary>
    public bool Equals(FieldState? other) =>
        other is not null && Clock == other.Clock && Version == other.Version && JsonValues.CompareCanonical(Value, other.Value) == 0;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Clock, Version);
}

/// <summary>
/// A synced record with its clocks: what the resolvers read and return. Values are JSON (<see cref="JsonElement"/>) so
/// every driver and every client compares them the same way (<see cref="JsonValues"/>). A deleted record is a tombstone:
/// <see cref="DeletedAt"/> set and no fields; it is kept so no later write can resurrect the id.
/// </summary>
public sealed record RecordState
{
    /// <summary>The record id.</summary>
    public required string RecordId { get; init; }

    /// <summary>The server version (<c>_version</c>), incremented by every stored change.</summary>
    public required long Version { get; init; }

    /// <summary>The fields, by name in ordinal order, without <c>id</c> and <c>_version</c>.</summary>
    public required ImmutableSortedDictionary<string, FieldState> Fields { get; init; }

    /// <summary>The largest clock of any write stored in the record.</summary>
    public required HlcTimestamp Clock { get; init; }

    /// <summary>The clock of the delete, when the record is a tombstone.</summary>
    public HlcTimestamp? DeletedAt { get; init; }

    /// <summary>True for a tombstone.</summary>
    public bool IsDeleted => DeletedAt is not null;

    /// <summary>An empty field map with the ordinal order every record uses.</summary>
    public static ImmutableSortedDictionary<string, FieldState> EmptyFields { get; } =
        ImmutableSortedDictionary.Create<string, FieldState>(StringComparer.Ordinal);

    /// <summary>The value of a field, or null when absent.</summary>
    public JsonElement? ValueOf(string field) => Fields.TryGetValue(field, out var state) ? state.Value : null;

    /// <summary>The record as the wire carries it: <c>id</c>, the fields, and <c>_version</c>, in ordinal order.</summary>
    public IReadOnlyDictionary<string, JsonElement> ToWireRecord()
    {
        var record = new SortedDictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (name, field) in Fields)
        {
            record[name] = field.Value;
        }
        record[SystemFields.Id] = JsonValues.Parse(JsonSerializerQuote(RecordId));
        record[SystemFields.Version] = JsonValues.Parse(Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // A Dictionary built in sorted order keeps that order when written, which the golden files rely on.
        return new Dictionary<string, JsonElement>(record, StringComparer.Ordinal);
    }

    /// <summary>
    /// The largest clock a writer had seen of this record when it wrote on <paramref name="baseVersion"/>: the clocks of
    /// fields at or below that version and of the writer's own earlier writes; null when it had seen none.
    /// </summary>
    public HlcTimestamp? ClockSeenBy(long baseVersion, string clientId)
    {
        HlcTimestamp? seen = null;
        foreach (var field in Fields.Values)
        {
            if ((field.Version <= baseVersion || string.Equals(field.Clock.Node, clientId, StringComparison.Ordinal)) && (seen is null || field.Clock > seen))
            {
                seen = field.Clock;
            }
        }
        return seen;
    }

    /// <summary>Per field, the text form of its clock (the wire's <c>fieldClocks</c>).</summary>
    public IReadOnlyDictionary<string, string> ToFieldClocks() =>
        Fields.ToDictionary(f => f.Key, f => f.Value.Clock.ToString(), StringComparer.Ordinal);

    private static string JsonSerializerQuote(string text)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStringValue(text);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
