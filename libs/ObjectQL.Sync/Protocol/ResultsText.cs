using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ObjectQL.Sync.Protocol;

/// <summary>
/// A push response's <c>results</c> array written in one pass. The serializer writes a list of a polymorphic type by
/// serializing each element on its own (a new write state per result, about 330 bytes and its setup for every mutation
/// of a push of 1000); here the common answer, applied as sent (no record, no field clocks), is written member by member
/// as the serializer writes it, and every other result through the serializer into the same writer.
/// </summary>
internal static class ResultsText
{
    // Results of one push stay below this in all but huge pushes; a larger buffer is not kept for the next response.
    private const int MaxKeptBytes = 1 << 20;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    /// <summary>
    /// <paramref name="shell"/> (the response serialized with no results, so starting <c>{"results":[]</c>) with
    /// <paramref name="results"/> written into its array; null when the shell does not start so.
    /// </summary>
    public static byte[]? Into(byte[] shell, IReadOnlyList<SyncMutationResult> results, JsonSerializerOptions options)
    {
        var empty = "{\"results\":[]"u8;
        if (!shell.AsSpan().StartsWith(empty))
        {
            return null;
        }
        var buffer = t_buffer ?? new ArrayBufferWriter<byte>(64 * 1024);
        t_buffer = null;
        try
        {
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = options.Encoder, MaxDepth = options.MaxDepth }))
            {
                var typeInfo = (JsonTypeInfo<SyncMutationResult>)options.GetTypeInfo(typeof(SyncMutationResult));
                writer.WriteStartArray();
                foreach (var result in results)
                {
                    if (result is SyncMutationApplied { Record: null, FieldClocks: null } applied)
                    {
                        WriteApplied(writer, applied);
                    }
                    else
                    {
                        JsonSerializer.Serialize(writer, result, typeInfo);
                    }
                }
                writer.WriteEndArray();
            }
            var array = buffer.WrittenSpan;
            // The shell's "[]" gives way to the written array.
            var text = new byte[shell.Length - 2 + array.Length];
            var head = empty.Length - 2;
            shell.AsSpan(0, head).CopyTo(text);
            array.CopyTo(text.AsSpan(head));
            shell.AsSpan(empty.Length).CopyTo(text.AsSpan(head + array.Length));
            return text;
        }
        finally
        {
            buffer.ResetWrittenCount();
            t_buffer = buffer.Capacity <= MaxKeptBytes ? buffer : null;
        }
    }

    // As the serializer writes it: the discriminator, the mutation id (ordered first), then the members in their
    // declared order, null ones left out.
    private static void WriteApplied(Utf8JsonWriter writer, SyncMutationApplied applied)
    {
        writer.WriteStartObject();
        writer.WriteString("status"u8, "applied"u8);
        writer.WriteString("mutationId"u8, applied.MutationId);
        writer.WriteNumber("serverVersion"u8, applied.ServerVersion);
        writer.WriteString("outcome"u8, Outcome(applied.Outcome));
        writer.WriteString("clock"u8, applied.Clock);
        writer.WriteEndObject();
    }

    private static ReadOnlySpan<byte> Outcome(ApplyOutcome outcome) => outcome switch
    {
        ApplyOutcome.Accepted => "accepted"u8,
        ApplyOutcome.Merged => "merged"u8,
        ApplyOutcome.Superseded => "superseded"u8,
        ApplyOutcome.Deleted => "deleted"u8,
        ApplyOutcome.Expired => "expired"u8,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Not an outcome of the wire."),
    };
}
