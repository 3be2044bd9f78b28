using System.Runtime.InteropServices;
using System.Text.Json;
using ObjectQL.Metadata;
using ObjectQL.Values;

namespace ObjectQL.Sync.Protocol;

/// <summary>
/// Converts wire values (a mutation's <c>data</c> and <c>baseData</c>, a server change's record) by their field's type,
/// exactly, through the core's one conversion (<see cref="CanonicalValues.FromJson(FieldShape, JsonElement)"/>), and
/// writes them back in canonical JSON (<see cref="CanonicalJson"/>): the value a store holds, in the bytes every replica
/// compares. A number never passes through a rounding <see cref="double"/>: <c>9007199254740993</c> is refused by a
/// number field, <c>12345678901234567.89</c> stays exact in a currency field, <c>1e400</c> fits no field; <c>1</c>,
/// <c>1.0</c> and <c>1e0</c> become the same bytes; date-times are written in UTC. Integers are capped at
/// <see cref="SyncProtocol.MaxInteger"/> (2^53 - 1), the largest every peer reads exactly.
/// </summary>
/// <remarks>
/// Every failure is an <see cref="ErrorCodes.InvalidRequest"/> <see cref="ObjectQLException"/> whose detail names the
/// field, with reason <c>invalid_type</c>, <c>number_out_of_range</c>, <c>number_not_exact</c>, <c>unknown_field</c> or
/// <c>computed_field</c>. The resolvers turn it into that mutation's <c>rejected</c> result.
/// </remarks>
public static class SyncValues
{
    /// <summary>The canonical JSON of <paramref name="value"/> as a value of <paramref name="shape"/>'s field.</summary>
    public static JsonElement Convert(FieldShape shape, JsonElement value) =>
        Resolution.JsonValues.Parse(System.Text.Encoding.UTF8.GetString(CanonicalBytes(shape, value)));

    private static byte[] CanonicalBytes(FieldShape shape, JsonElement value) => CanonicalJson.RecordValueBytes(CanonicalValue(shape, value));

    // The value as the store holds it, checked against the range every peer reads exactly.
    private static object? CanonicalValue(FieldShape shape, JsonElement value)
    {
        var converted = CanonicalValues.FromJson(shape, value);
        if (shape.Kind == ValueKind.Integer)
        {
            foreach (var whole in converted is long[] list ? list : converted is long one ? [one] : [])
            {
                if (Math.Abs((decimal)whole) > SyncProtocol.MaxInteger)
                {
                    throw ObjectQLException.InvalidRequest(
                        $"Field '{shape.Name}': the integer {whole} is beyond {SyncProtocol.MaxInteger} (2^53 - 1), the largest a sync peer reads exactly.",
                        shape.Name, "number_out_of_range");
                }
            }
        }
        return InUtc(converted);
    }

    /// <summary>
    /// The record values of <paramref name="values"/> converted by <paramref name="definition"/>'s field types (system
    /// fields by theirs); null stays null. Values that are canonical already are kept as given (the caller's elements),
    /// and a map of only such values is returned as it is. An unknown or computed field is refused naming it.
    /// </summary>
    public static IReadOnlyDictionary<string, JsonElement>? Convert(ObjectDefinition definition, IReadOnlyDictionary<string, JsonElement>? values)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (values is null)
        {
            return null;
        }
        // A value whose text already is the canonical one (what a well-behaved client sends) needs no second document
        // and no bytes of its own (it is compared in the thread's scratch buffer), and a map of only such values is
        // returned itself (SameBytes then needs no bytes at all): the map of converted values is made only once a value
        // differs from what was sent.
        Dictionary<string, JsonElement>? converted = null;
        foreach (var (field, value) in values)
        {
            var shape = FieldShape.Get(definition, field);
            if (IsPlainText(shape, value))
            {
                continue;
            }
            var canonical = CanonicalValue(shape, value);
            if (CanonicalJson.IsRecordValueBytes(canonical, JsonMarshal.GetRawUtf8Value(value)))
            {
                continue;
            }
            // The first value that differs: the copy keeps every other value as sent, and those that differ are replaced.
            converted ??= new Dictionary<string, JsonElement>(values, StringComparer.Ordinal);
            converted[field] = Resolution.JsonValues.Parse(System.Text.Encoding.UTF8.GetString(CanonicalJson.RecordValueBytes(canonical)));
        }
        return converted ?? values;
    }

    // A text field's string sent without escapes and in valid UTF-8 is its own canonical form: unescaped it holds no NUL,
    // no control character, no quote and no unpaired surrogate. It needs no string to say so.
    private static bool IsPlainText(FieldShape shape, JsonElement value)
    {
        if (shape is not { Kind: ValueKind.Text, Multiple: false } || value.ValueKind != JsonValueKind.String)
        {
            return false;
        }
        var raw = JsonMarshal.GetRawUtf8Value(value);
        return raw.IndexOf((byte)'\\') < 0 && System.Text.Unicode.Utf8.IsValid(raw);
    }

    /// <summary>The mutation with its <c>data</c> and <c>baseData</c> converted by <paramref name="definition"/>'s field types.</summary>
    public static MutationLogEntry Convert(ObjectDefinition definition, MutationLogEntry mutation)
    {
        ArgumentNullException.ThrowIfNull(mutation);
        var (data, baseData) = (Convert(definition, mutation.Data), Convert(definition, mutation.BaseData));
        // Values all sent in canonical form come back as the same maps: the mutation itself is the converted one.
        return ReferenceEquals(data, mutation.Data) && ReferenceEquals(baseData, mutation.BaseData) ? mutation : mutation with { Data = data, BaseData = baseData };
    }

    /// <summary>The server change with its record converted by <paramref name="definition"/>'s field types (what a client stores).</summary>
    public static SyncServerChange Convert(ObjectDefinition definition, SyncServerChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return change with { Data = Convert(definition, change.Data) };
    }

    /// <summary>True when two value maps hold the same fields with the same canonical bytes.</summary>
    public static bool SameBytes(IReadOnlyDictionary<string, JsonElement>? left, IReadOnlyDictionary<string, JsonElement>? right) =>
        ReferenceEquals(left, right) || (left?.Count ?? 0) == (right?.Count ?? 0)
        && (left ?? new Dictionary<string, JsonElement>()).All(l => right!.TryGetValue(l.Key, out var r)
            && CanonicalJson.ToBytes(l.Value).AsSpan().SequenceEqual(CanonicalJson.ToBytes(r)));

    // One instant, one spelling: stores such as PostgreSQL give instants back in UTC, so replicas hold them that way.
    private static object? InUtc(object? value) => value switch
    {
        DateTimeOffset instant => instant.ToUniversalTime(),
        DateTimeOffset[] instants => instants.Select(static i => i.ToUniversalTime()).ToArray(),
        _ => value,
    };
}
