using System.Buffers;
using System.Text;
using System.Text.Json;
using ObjectQL.Drivers;
using ObjectQL.Metadata;

namespace ObjectQL.Sync.Client.Storage;

// The synced copies of a batch written set-based: one JSON array of the rows (the columns SyncedRecord.ToRow fills, each
// as the JSON of its stored value: the field clocks and the image as their JSON text), one upsert statement from it.
internal sealed partial class ClientStore
{
    private const string RowValues = "$.v";

    private async Task UpsertRecordsAsync(
        IPipelineSession session, IJsonRowsDriver json, ObjectDefinition definition, IReadOnlyDictionary<string, SyncedRecord?> records,
        IReadOnlySet<string> stored, bool snapshot, CancellationToken cancellationToken)
    {
        var removed = new List<string>();
        var buffer = new ArrayBufferWriter<byte>(records.Count * 256 + 2);
        var written = 0;
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var (key, record) in records)
            {
                if (record is null)
                {
                    if (stored.Contains(key))
                    {
                        removed.Add(key);
                    }
                    continue;
                }
                WriteRow(writer, key, record);
                written++;
            }
            writer.WriteEndArray();
        }
        if (written > 0)
        {
            var rows = new JsonRows { Json = Encoding.UTF8.GetString(buffer.WrittenSpan), IdPath = "$.id", ValuesPath = RowValues };
            // A copy already newer than the change stays (the caller skips those changes; the store enforces it as well).
            await json.UpsertFromJsonAsync(definition, rows, snapshot ? null : "version", session.Transaction, cancellationToken).ConfigureAwait(false);
        }
        if (removed.Count > 0)
        {
            await database.Driver.DeleteAsync(definition, removed, session.Transaction, cancellationToken).ConfigureAwait(false);
        }
    }

    // The row of SyncedRecord.ToRow as JSON: a missing member and a null one both store null.
    private static void WriteRow(Utf8JsonWriter writer, string key, SyncedRecord record)
    {
        writer.WriteStartObject();
        writer.WriteString("id", key);
        writer.WriteStartObject("v");
        writer.WriteString("object_name", record.ObjectName);
        writer.WriteString("record_id", record.RecordId);
        writer.WriteNumber("version", record.Version);
        writer.WriteString("clock", record.Clock);
        writer.WriteString("field_clocks", ClientJson.WriteClocks(record.FieldClocks));
        writer.WriteString("image", ClientJson.Write(record.Image));
        writer.WriteBoolean("deleted", record.Deleted);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
