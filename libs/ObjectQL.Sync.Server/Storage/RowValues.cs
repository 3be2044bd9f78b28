using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ObjectQL.Values;

namespace ObjectQL.Sync.Server.Storage;

/// <summary>Conversions between the system objects' stored values and what the server works with.</summary>
internal static class RowValues
{
    // Numbers are stored as doubles that hold wire integers exactly; stores may hand them back as any numeric type.
    public static long Long(object? value) => value switch
    {
        null => 0,
        long l => l,
        int i => i,
        double d => (long)d,
        decimal m => (long)m,
        _ => Convert.ToInt64(value, CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// The record as canonical JSON text: members in ordinal order (<paramref name="ordered"/>: exactly its fields, in
    /// that order; see <see cref="FieldOrder"/>), values in their canonical form.
    /// </summary>
    public static string RecordJson(Record record, IReadOnlyList<string> ordered)
    {
        using var json = RentWriter();
        WriteRecord(json.Writer, record, ordered);
        return json.Text();
    }

    /// <summary>The record as canonical JSON UTF-8 text (<see cref="RecordJson"/> without the string).</summary>
    public static byte[] RecordJsonUtf8(Record record) => Written(writer => WriteRecord(writer, record), static utf8 => utf8.ToArray());

    /// <summary>
    /// <see cref="RecordJsonUtf8(Record)"/> with the record's fields already in ordinal order (<paramref name="ordered"/>:
    /// exactly its fields), so rows of one shape share one sort.
    /// </summary>
    public static byte[] RecordJsonUtf8(Record record, IReadOnlyList<string> ordered) =>
        Written(writer => WriteRecord(writer, record, ordered), static utf8 => utf8.ToArray());

    private static void WriteRecord(Utf8JsonWriter writer, Record record) => WriteRecord(writer, record, record.Fields.Order(StringComparer.Ordinal));

    private static void WriteRecord(Utf8JsonWriter writer, Record record, IEnumerable<string> ordered)
    {
        writer.WriteStartObject();
        foreach (var name in ordered)
        {
            writer.WritePropertyName(name);
            CanonicalValues.WriteJson(writer, record[name]);
        }
        writer.WriteEndObject();
    }

    // The list's own loop: through IEnumerable a change row's record would cost an enumerator.
    private static void WriteRecord(Utf8JsonWriter writer, Record record, IReadOnlyList<string> ordered)
    {
        writer.WriteStartObject();
        for (var i = 0; i < ordered.Count; i++)
        {
            writer.WritePropertyName(ordered[i]);
            CanonicalValues.WriteJson(writer, record[ordered[i]]);
        }
        writer.WriteEndObject();
    }

    /// <summary>
    /// The named values of <paramref name="record"/> as canonical JSON elements, written and parsed as one document
    /// (one parse for the record, not one per value; the writer and its buffer are the thread's scratch pair).
    /// </summary>
    public static Dictionary<string, JsonElement> Elements(Record record, IEnumerable<string> names)
    {
        var scratch = RentScratch();
        try
        {
            var writer = scratch.Writer;
            writer.WriteStartObject();
            foreach (var name in names)
            {
                writer.WritePropertyName(name);
                CanonicalValues.WriteJson(writer, record[name]);
            }
            writer.WriteEndObject();
            writer.Flush();
            // ParseValue copies what it parses, so the scratch buffer is free again once it returns.
            var reader = new Utf8JsonReader(scratch.Buffer.WrittenSpan);
            var elements = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var member in JsonElement.ParseValue(ref reader).EnumerateObject())
            {
                elements[member.Name] = member.Value;
            }
            return elements;
        }
        finally
        {
            ReturnScratch(scratch);
        }
    }

    /// <summary>
    /// The JSON text <paramref name="write"/> produces, written through a buffer and writer kept per thread (the change
    /// log writes several small documents per change; only the resulting string is allocated).
    /// </summary>
    public static string Json(Action<Utf8JsonWriter> write) => Written(write, static utf8 => Encoding.UTF8.GetString(utf8));

    private delegate T FromUtf8<T>(ReadOnlySpan<byte> utf8);

    private static T Written<T>(Action<Utf8JsonWriter> write, FromUtf8<T> result)
    {
        var scratch = RentScratch();
        try
        {
            write(scratch.Writer);
            scratch.Writer.Flush();
            return result(scratch.Buffer.WrittenSpan);
        }
        finally
        {
            ReturnScratch(scratch);
        }
    }

    /// <summary>
    /// The thread's writer and buffer, taken until the result is disposed: for texts written inline, without a delegate
    /// and its closure per text (a push writes two or three per change).
    /// </summary>
    public static RentedWriter RentWriter()
    {
        var (buffer, writer) = RentScratch();
        return new RentedWriter(buffer, writer);
    }

    /// <summary>A writer of <see cref="RentWriter"/>: write with <see cref="Writer"/>, read with <see cref="Text"/>.</summary>
    public readonly struct RentedWriter(ArrayBufferWriter<byte> buffer, Utf8JsonWriter writer) : IDisposable
    {
        public Utf8JsonWriter Writer => writer;

        /// <summary>What <see cref="Writer"/> wrote so far, as a string.</summary>
        public string Text()
        {
            writer.Flush();
            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }

        public void Dispose() => ReturnScratch((buffer, writer));
    }

    private const int MaxKeptScratchBytes = 64 * 1024;

    [ThreadStatic]
    private static (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer)? _scratch;

    // Taken, not shared: a nested call (none today) gets a fresh pair instead of the one in use.
    private static (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer) RentScratch()
    {
        if (_scratch is { } kept)
        {
            _scratch = null;
            return kept;
        }
        var buffer = new ArrayBufferWriter<byte>(1024);
        return (buffer, new Utf8JsonWriter(buffer));
    }

    // A huge document's buffer is not kept.
    private static void ReturnScratch((ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer) scratch)
    {
        scratch.Writer.Reset();
        scratch.Buffer.ResetWrittenCount();
        _scratch = scratch.Buffer.Capacity <= MaxKeptScratchBytes ? scratch : null;
    }

    /// <summary>A JSON object's members as elements that outlive the parsed document.</summary>
    public static Dictionary<string, JsonElement> Members(string json)
    {
        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var member in Parse(json).EnumerateObject())
        {
            members[member.Name] = member.Value;
        }
        return members;
    }

    /// <summary>
    /// A JSON value parsed once into an element that needs no disposing; elements taken from it share its one copy of
    /// the text (cloning each member would copy it per member).
    /// </summary>
    public static JsonElement Parse(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        return JsonElement.ParseValue(ref reader);
    }
}
