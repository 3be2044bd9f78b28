using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Sync.Clocks;
using ObjectQL.Sync.Resolution;

namespace ObjectQL.Sync.Server.Storage;

/// <summary>The clocks of one synced record as its row in <see cref="SyncObjects.RecordState"/> holds them.</summary>
internal sealed class StoredState
{
    private ImmutableSortedDictionary<string, (HlcTimestamp Clock, long Version)>? _fields;

    // A push's own change keeps its resolver's state instead of a copy of its fields (FromResolved).
    private readonly RecordState? _resolved;

    /// <param name="version">The record's version.</param>
    /// <param name="clock">The largest clock stored in the record.</param>
    /// <param name="deletedClock">The delete's clock when the record is a tombstone.</param>
    /// <param name="fields">Per field, the clock of its last write and the version that write produced.</param>
    public StoredState(long version, HlcTimestamp clock, HlcTimestamp? deletedClock, ImmutableSortedDictionary<string, (HlcTimestamp Clock, long Version)> fields)
        : this(version, clock, deletedClock) => _fields = fields;

    private StoredState(long version, HlcTimestamp clock, HlcTimestamp? deletedClock)
    {
        Version = version;
        Clock = clock;
        DeletedClock = deletedClock;
    }

    /// <summary>
    /// The state a push's resolver decided, written by a change of version <paramref name="version"/>: each field's
    /// version at most the change's. Its fields are read from <paramref name="resolved"/> where they are written; the
    /// map of <see cref="Fields"/> is built only when asked for (a later write of the record in the same commit), not
    /// once per pushed change.
    /// </summary>
    public static StoredState FromResolved(RecordState resolved, long version) =>
        ReferenceEquals(resolved.Fields.KeyComparer, StringComparer.Ordinal)
            ? new(version, resolved.Clock, resolved.DeletedAt, resolved)
            // A resolver's map of another order is copied into the ordinal order the row's text is written in.
            : new(version, resolved.Clock, resolved.DeletedAt, ResolvedFields(resolved, version));

    private StoredState(long version, HlcTimestamp clock, HlcTimestamp? deletedClock, RecordState resolved)
        : this(version, clock, deletedClock) => _resolved = resolved;

    /// <summary>The record's version.</summary>
    public long Version { get; }

    /// <summary>The largest clock stored in the record.</summary>
    public HlcTimestamp Clock { get; }

    /// <summary>The delete's clock when the record is a tombstone.</summary>
    public HlcTimestamp? DeletedClock { get; }

    /// <summary>Per field, the clock of its last write and the version that write produced.</summary>
    public ImmutableSortedDictionary<string, (HlcTimestamp Clock, long Version)> Fields => _fields ??= ResolvedFields(_resolved!, Version);

    private static ImmutableSortedDictionary<string, (HlcTimestamp Clock, long Version)> ResolvedFields(RecordState resolved, long version)
    {
        var fields = NoFields.ToBuilder();
        foreach (var (name, field) in resolved.Fields)
        {
            fields[name] = (field.Clock, Math.Min(field.Version, version));
        }
        return fields.ToImmutable();
    }

    public static ImmutableSortedDictionary<string, (HlcTimestamp Clock, long Version)> NoFields { get; } =
        ImmutableSortedDictionary.Create<string, (HlcTimestamp, long)>(StringComparer.Ordinal);

    // A row id the pipeline takes: 1 to 128 letters, digits, '-', '_', '.' or ':' (RecordInput.CheckId).
    private const int MaxRowIdLength = 128;

    // Ids per statement of a read: well below every store's bound-parameter limit.
    private const int MaxIdsPerRead = 500;

    // The clock rows' columns a read asks for by name: the object and record ids (their unique index), and what FromRow
    // reads; the row's system fields (times, users, its own version) are not asked for.
    private const string ObjectField = "object_name";
    private const string RecordField = "record_id";
    private static readonly string[] StateFields = [SystemFields.Id, RecordField, "version", "clock", "deleted_clock", "fields"];

    /// <summary>The id of the clock row it was read from; null for a state not read from a row.</summary>
    public string? RowId { get; init; }

    /// <summary>
    /// The row id a new clock row of the record gets: <c>objectName + ":" + recordId</c> when that is a row id, otherwise
    /// <see cref="Digest"/> (record ids may hold characters and lengths that row ids may not; both are kept in their own
    /// fields).
    /// </summary>
    /// <remarks>
    /// Not the digest for every record: a digest puts each new row at a random place of the key's index, so a push of
    /// 1000 creates rewrote most of that index's pages (on SQLite, 2.5 MB more of the write-ahead log per push at 50,000
    /// rows), where object and record id keep an object's new rows together, as record ids mostly grow (UUIDv7). A
    /// digest holds no ':', so it never equals a plain key.
    /// </remarks>
    public static string Key(string objectName, string recordId) =>
        IsPlainKey(objectName, recordId) ? string.Concat(objectName, ":", recordId) : Digest(objectName, recordId);

    /// <summary>Whether <paramref name="id"/> is a row id the pipeline takes (RecordInput.CheckId).</summary>
    public static bool IsRowId(string id) => id.Length is > 0 and <= MaxRowIdLength && AreRowIdChars(id);

    private static bool IsPlainKey(string objectName, string recordId) =>
        objectName.Length + 1 + recordId.Length <= MaxRowIdLength && AreRowIdChars(objectName) && AreRowIdChars(recordId);

    // A loop, not SearchValues: the native server would compile another of its search types for this one set.
    private static bool AreRowIdChars(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.' or ':'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// The key every clock row had before plain keys, and still has where a plain key is no row id: the first 16 bytes
    /// of SHA-256 over the UTF-8 of <c>objectName + "\n" + recordId</c>, in lowercase hex.
    /// </summary>
    /// <remarks>The text and the digest stay on the stack: the key is the one string allocated.</remarks>
    public static string Digest(string objectName, string recordId)
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

    /// <summary>
    /// The clocks of <paramref name="recordIds"/> of <paramref name="objectName"/>, by record id, each with the id of
    /// its row. Read by record and object id, the clock rows' unique index: one probe per record whatever its row's id
    /// (<see cref="Key"/>, or the <see cref="Digest"/> an earlier version gave every row), where a read by id asked for
    /// both forms of each record.
    /// </summary>
    public static async Task<Dictionary<string, StoredState>> FindAsync(
        IObjectQLSession system, string objectName, IReadOnlyCollection<string> recordIds, CancellationToken cancellationToken)
    {
        var states = new Dictionary<string, StoredState>(recordIds.Count, StringComparer.Ordinal);
        foreach (var chunk in recordIds.Chunk(MaxIdsPerRead))
        {
            var where = new Filter.Comparison(ObjectField, FilterOperator.Eq, objectName) & (chunk.Length == 1
                ? new Filter.Comparison(RecordField, FilterOperator.Eq, chunk[0])
                : new Filter.Comparison(RecordField, FilterOperator.In, chunk));
            foreach (var row in await system.Object(SyncObjects.RecordState).FindAsync(new Query { Where = where, Fields = StateFields }, cancellationToken).ConfigureAwait(false))
            {
                states[(string)row[RecordField]!] = FromRow(row);
            }
        }
        return states;
    }

    public static StoredState FromRow(Record row)
    {
        var fields = NoFields.ToBuilder();
        var clockText = (string)row["clock"]!;
        var clock = HlcTimestamp.Parse(clockText);
        // Fields written together share one clock, mostly the record's: a field's clock text equal to the last one
        // parsed (compared in the document, no string made) takes that clock, not a text and a parse of its own.
        var (lastText, lastClock) = (clockText, clock);
        using (var document = JsonDocument.Parse((string)row["fields"]!))
        {
            foreach (var field in document.RootElement.EnumerateObject())
            {
                // A field last written at the record's clock is stored as its version alone (FieldsJson).
                if (field.Value.ValueKind == JsonValueKind.Number)
                {
                    fields[field.Name] = (clock, field.Value.GetInt64());
                    continue;
                }
                var text = field.Value[0];
                if (!text.ValueEquals(lastText))
                {
                    lastText = text.GetString()!;
                    lastClock = HlcTimestamp.Parse(lastText);
                }
                fields[field.Name] = (lastClock, field.Value[1].GetInt64());
            }
        }
        return new StoredState(
            RowValues.Long(row["version"]),
            clock,
            row["deleted_clock"] is string deleted ? HlcTimestamp.Parse(deleted) : null,
            fields.ToImmutable())
        {
            RowId = row.Id,
        };
    }

    /// <summary>The row; <paramref name="clockText"/>, when given, is <see cref="Clock"/>'s text, formatted once for every row of a change.</summary>
    // Sized for the id and system fields a new row gets besides its seven values.
    public Record ToRow(string objectName, string recordId, string? tenantId, string? clockText = null)
    {
        clockText ??= Clock.ToString();
        return new(13)
        {
            [ObjectField] = objectName,
            [RecordField] = recordId,
            ["tenant_id"] = tenantId,
            ["version"] = (double)Version,
            ["clock"] = clockText,
            ["deleted_clock"] = DeletedClock?.ToString(),
            ["fields"] = FieldsJson(clockText),
        };
    }

    /// <summary>The wire's <c>fieldClocks</c>: per field, its clock's text (<paramref name="clockText"/>: <see cref="Clock"/>'s, already formatted).</summary>
    public string FieldClocksJson(string? clockText = null)
    {
        using var json = RowValues.RentWriter();
        var writer = json.Writer;
        var texts = new ClockTexts(Clock, clockText);
        writer.WriteStartObject();
        if (_fields is null)
        {
            foreach (var (name, field) in _resolved!.Fields)
            {
                writer.WriteString(name, texts.Of(field.Clock));
            }
        }
        else
        {
            foreach (var (name, (clock, _)) in _fields)
            {
                writer.WriteString(name, texts.Of(clock));
            }
        }
        writer.WriteEndObject();
        return json.Text();
    }

    // Per field [clock, version]; a field whose clock is the record's (every field of a create, and mostly the fields
    // the last write changed) as its version alone, which FromRow reads as the record's clock: the clock's text, about
    // 70 characters, is stored once per row instead of once per field.
    private string FieldsJson(string clockText)
    {
        using var json = RowValues.RentWriter();
        var writer = json.Writer;
        var texts = new ClockTexts(Clock, clockText);
        writer.WriteStartObject();
        if (_fields is null)
        {
            foreach (var (name, field) in _resolved!.Fields)
            {
                WriteField(writer, ref texts, name, field.Clock, Math.Min(field.Version, Version));
            }
        }
        else
        {
            foreach (var (name, (clock, version)) in _fields)
            {
                WriteField(writer, ref texts, name, clock, version);
            }
        }
        writer.WriteEndObject();
        return json.Text();
    }

    private void WriteField(Utf8JsonWriter writer, ref ClockTexts texts, string name, HlcTimestamp clock, long version)
    {
        if (clock == Clock)
        {
            writer.WriteNumber(name, version);
            return;
        }
        writer.WriteStartArray(name);
        writer.WriteStringValue(texts.Of(clock));
        writer.WriteNumberValue(version);
        writer.WriteEndArray();
    }

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
