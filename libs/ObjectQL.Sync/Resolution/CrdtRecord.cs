using System.Buffers;
using System.Collections.Immutable;
using System.Text.Json;
using ObjectQL.Metadata;
using ObjectQL.Sync.Clocks;
using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Resolution;

/// <summary>One register of a <see cref="CrdtRecord"/>: a value and the clock of the write that set it.</summary>
/// <param name="Value">The value as JSON.</param>
/// <param name="Clock">The clock of the write.</param>
public sealed record CrdtField(JsonElement Value, HlcTimestamp Clock)
{
    /// <summary>
    /// Equal when the clocks and the canonical bytes of the values are equal. Stricter than JSON value equality on
    /// purpose: <c>1</c> and <c>1.0</c> are different registers, or replicas would not end byte-identical.
    /// </summary>
    public bool Equals(CrdtField? other) => other is not null && Clock == other.Clock && JsonValues.CompareCanonical(Value, other.Value) == 0;

    /// <inheritdoc />
    public override int GetHashCode() => Clock.GetHashCode();
}

/// <summary>
/// The replica-side form of the <c>crdt</c> strategy: a record as a map of last-write-wins registers plus a tombstone.
/// <see cref="Merge"/> is commutative, associative and idempotent, so replicas that have seen the same writes hold
/// byte-identical records (<see cref="ToCanonicalJson"/>) whatever order, duplication or delay the writes came with.
/// Rules: per field the later clock wins, equal clocks by the larger canonical value; a tombstone wins over every write,
/// earlier or later (a deleted record never comes back), and keeps the earliest delete clock. The rules are
/// <see cref="CrdtRules"/>, the same the server's <see cref="CrdtResolver"/> follows.
/// </summary>
public sealed record CrdtRecord
{
    /// <summary>A record no write has reached yet.</summary>
    public static CrdtRecord Empty { get; } = new() { Fields = ImmutableSortedDictionary.Create<string, CrdtField>(StringComparer.Ordinal) };

    /// <summary>The registers, by field name in ordinal order; empty for a tombstone.</summary>
    public required ImmutableSortedDictionary<string, CrdtField> Fields { get; init; }

    /// <summary>The earliest delete clock, when the record is deleted.</summary>
    public HlcTimestamp? DeletedAt { get; init; }

    /// <summary>True when a delete has been seen.</summary>
    public bool IsDeleted => DeletedAt is not null;

    /// <summary>
    /// The state one mutation contributes: its changes (<see cref="CrdtRules.Changes"/>: no system fields, no field equal
    /// to its <c>baseData</c> value) at its clock, or a tombstone.
    /// </summary>
    public static CrdtRecord FromMutation(MutationLogEntry mutation, HlcTimestamp clock)
    {
        ArgumentNullException.ThrowIfNull(mutation);
        if (mutation.Operation == MutationOperation.Delete)
        {
            return Empty with { DeletedAt = clock };
        }
        var fields = Empty.Fields.ToBuilder();
        foreach (var (field, value) in CrdtRules.Changes(mutation.Data, mutation.BaseData))
        {
            fields[field] = new CrdtField(value, clock);
        }
        return new CrdtRecord { Fields = fields.ToImmutable() };
    }

    /// <summary>This record with one mutation applied.</summary>
    public CrdtRecord Apply(MutationLogEntry mutation, HlcTimestamp clock) => Merge(this, FromMutation(mutation, clock));

    /// <summary>The least record that contains both: the join of the two states.</summary>
    public static CrdtRecord Merge(CrdtRecord a, CrdtRecord b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var deletedAt = (a.DeletedAt, b.DeletedAt) switch
        {
            (null, null) => (HlcTimestamp?)null,
            (null, var y) => y,
            (var x, null) => x,
            (var x, var y) => CrdtRules.TombstoneClock(x.Value, y.Value),
        };
        if (deletedAt is not null)
        {
            return Empty with { DeletedAt = deletedAt };
        }
        var fields = a.Fields.ToBuilder();
        foreach (var (name, theirs) in b.Fields)
        {
            if (!fields.TryGetValue(name, out var ours) || CrdtRules.Wins(theirs.Value, theirs.Clock, ours.Value, ours.Clock))
            {
                fields[name] = theirs;
            }
        }
        return new CrdtRecord { Fields = fields.ToImmutable() };
    }

    /// <summary>The canonical JSON of the whole state, clocks included; equal bytes mean equal replicas.</summary>
    public byte[] ToCanonicalJson()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (DeletedAt is { } deleted)
            {
                writer.WriteString("deletedAt", deleted.ToString());
            }
            writer.WriteStartObject("fields");
            foreach (var (name, field) in Fields)
            {
                writer.WriteStartObject(name);
                writer.WriteString("clock", field.Clock.ToString());
                writer.WritePropertyName("value");
                JsonValues.WriteCanonical(writer, field.Value);
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
