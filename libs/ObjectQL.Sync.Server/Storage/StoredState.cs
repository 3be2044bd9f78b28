using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ObjectQL.Sync.Clocks;

namespace ObjectQL.Sync.Server.Storage;

/// <summary>The clocks of one synced record as its row in <see cref="SyncObjects.RecordState"/> holds them.</summary>
/// <param name="Version">The record's version.</param>
/// <param name="Clock">The largest clock stored in the record.</param>
/// <param name="DeletedClock">The delete's clock when the record is a tombstone.</param>
/// <param name="Fields">Per field, the clock of its last write and the version that write produced.</param>
internal sealed record StoredState(
    long Version,
    HlcTimestamp Clock,
    HlcTimestamp? DeletedClock,
    ImmutableSortedDictionary<string, (HlcTimestamp Clock, long Version)> Fields)
{
    public static ImmutableSortedDictionary<string, (HlcTimestamp Clock, long Version)> NoFields { get; } =
        ImmutableSortedDictionary.Create<string, (HlcTimestamp, long)>(StringComparer.Ordinal);

    /// <summary>
    /// The row id of a record's clocks: a digest of object and record id, because record ids may hold characters and
    /// lengths that row ids may not (both are kept in their own fields).
    /// </summary>
    /// <remarks>
    /// The digest of the UTF-8 of <c>objectName + "\n" + recordId</c>, its first 16 bytes in lowercase hex. A push computes
    /// several keys per mutation, so the text and the digest stay on the stack: the key is the one string allocated.
    /// </remarks>
    public static string Key(string objectName, string recordId)
    {
        const int OnStack = 1024;
        var length = Encoding.UTF8.GetByteCount(objectName) + 1 + Encoding.UTF8.GetByteCount(recordId);
        var text = length <= OnStack ? stackalloc byte[OnStack] : new byte[length];
        var written = Encoding.UTF8.GetBytes(objectName, text);
        text[written++] = (byte)'\n';
        written += Encoding.UTF8.GetBytes(recordId, text[written..]);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(text[..written], digest);
        return Convert.ToHexStringLower(digest[..16]);
    }

    public static StoredState FromRow(Record row)
    {
        var fields = NoFields.ToBuilder();
        using (var document = JsonDocument.Parse((string)row["fields"]!))
        {
            foreach (var field in document.RootElement.EnumerateObject())
            {
                fields[field.Name] = (HlcTimestamp.Parse(field.Value[0].GetString()), field.Value[1].GetInt64());
            }
        }
        return new StoredState(
            RowValues.Long(row["version"]),
            HlcTimestamp.Parse((string)row["clock"]!),
            row["deleted_clock"] is string deleted ? HlcTimestamp.Parse(deleted) : null,
            fields.ToImmutable());
    }

    /// <summary>The row; <paramref name="clockText"/>, when given, is <see cref="Clock"/>'s text, formatted once for every row of a change.</summary>
    // Sized for the id and system fields a new row gets besides its seven values.
    public Record ToRow(string objectName, string recordId, string? tenantId, string? clockText = null)
    {
        clockText ??= Clock.ToString();
        return new(13)
        {
            ["object_name"] = objectName,
            ["record_id"] = recordId,
            ["tenant_id"] = tenantId,
            ["version"] = (double)Version,
            ["clock"] = clockText,
            ["deleted_clock"] = DeletedClock?.ToString(),
            ["fields"] = FieldsJson(clockText),
        };
    }

    /// <summary>The wire's <c>fieldClocks</c>: per field, its clock's text (<paramref name="clockText"/>: <see cref="Clock"/>'s, already formatted).</summary>
    public string FieldClocksJson(string? clockText = null) => RowValues.Json(writer =>
    {
        var texts = new ClockTexts(Clock, clockText);
        writer.WriteStartObject();
        foreach (var (name, (clock, _)) in Fields)
        {
            writer.WriteString(name, texts.Of(clock));
        }
        writer.WriteEndObject();
    });

    private string FieldsJson(string clockText) => RowValues.Json(writer =>
    {
        var texts = new ClockTexts(Clock, clockText);
        writer.WriteStartObject();
        foreach (var (name, (clock, version)) in Fields)
        {
            writer.WriteStartArray(name);
            writer.WriteStringValue(texts.Of(clock));
            writer.WriteNumberValue(version);
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    });

    // Fields written together share one clock, mostly the record's own: its text is formatted once per run of equal
    // clocks, not once per field, and the record's clock not at all when its text is known.
    private struct ClockTexts(HlcTimestamp known, string? knownText)
    {
        private HlcTimestamp _last = known;
        private string? _text = knownText;

        public string Of(HlcTimestamp clock)
        {
            if (_text is null || _last != clock)
            {
                (_last, _text) = (clock, clock.ToString());
            }
            return _text;
        }
    }
}
