using System.Buffers;
using System.Text.Json;
using ObjectQL.Metadata;
using ObjectQL.Values;

namespace ObjectQL.Cloudflare.Kv;

/// <summary>
/// Query results as the KV cache stores them: records as JSON objects in the canonical value form
/// (<see cref="CanonicalValues.WriteJson"/>), read back by each field's shape so every value has its exact type again.
/// </summary>
internal static class CachedRecords
{
    public static byte[] Write(IReadOnlyList<Record> records)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var record in records)
            {
                WriteRecord(writer, record);
            }
            writer.WriteEndArray();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The records, or null when the bytes do not fit the object (a changed schema, say): then the cache misses.</summary>
    public static List<Record>? Read(ObjectDefinition definition, byte[] bytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            var records = new List<Record>(document.RootElement.GetArrayLength());
            foreach (var element in document.RootElement.EnumerateArray())
            {
                var record = new Record();
                foreach (var property in element.EnumerateObject())
                {
                    if (FieldShape.Find(definition, property.Name) is not { } shape)
                    {
                        return null;
                    }
                    record[property.Name] = property.Value.ValueKind == JsonValueKind.Null ? null : CanonicalValues.FromJson(shape, property.Value.Clone());
                }
                records.Add(record);
            }
            return records;
        }
        catch (Exception exception) when (exception is JsonException or ObjectQLException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>True when every field of <paramref name="records"/> is one <see cref="Read"/> can type again.</summary>
    public static bool Fits(ObjectDefinition definition, IReadOnlyList<Record> records) =>
        records.All(record => record.Fields.All(name => FieldShape.Find(definition, name) is not null));

    private static void WriteRecord(Utf8JsonWriter writer, Record record)
    {
        writer.WriteStartObject();
        foreach (var (name, value) in record)
        {
            writer.WritePropertyName(name);
            CanonicalValues.WriteJson(writer, value);
        }
        writer.WriteEndObject();
    }
}
