using System.Buffers;
using System.Text.Json;
using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Querying.Json;
using ObjectQL.Values;

namespace ObjectQL.Remote.Json;

/// <summary>
/// The JSON the remote session sends and reads, written and read by hand over <see cref="Utf8JsonWriter"/> and
/// <see cref="JsonElement"/> (no reflection): records in the canonical value forms, and answers read back into canonical
/// values by each field's kind, so a remote record holds exactly the types a local one does.
/// </summary>
internal static class RemoteJson
{
    /// <summary>A record as a JSON object.</summary>
    public static byte[] Record(Record record) => Write(record, static (writer, r) => WriteRecord(writer, r));

    /// <summary>Records as a JSON array.</summary>
    public static byte[] Records(IReadOnlyList<Record> records) => Write(records, static (writer, list) =>
    {
        writer.WriteStartArray();
        foreach (var record in list)
        {
            WriteRecord(writer, record);
        }
        writer.WriteEndArray();
    });

    /// <summary>A bulk body: <c>{"filters": where, "data": patch}</c>; no filter is <c>{}</c> (every record), no patch no <c>data</c>.</summary>
    public static byte[] Bulk(Filter? where, Record? data) => Write((where, data), static (writer, body) =>
    {
        writer.WriteStartObject();
        writer.WritePropertyName("filters");
        WriteFilter(writer, body.where ?? new Filter.And([]));
        if (body.data is { } patch)
        {
            writer.WritePropertyName("data");
            WriteRecord(writer, patch);
        }
        writer.WriteEndObject();
    });

    /// <summary>
    /// An RPC call, <c>{"op", "object", "args"}</c>, with the query (or filter) its op takes as <c>args</c> in the canonical
    /// JSON form the local API reads (<see cref="QueryJsonWriter"/>).
    /// </summary>
    public static byte[] Rpc(string op, string objectName, Query? query, Filter? filter) => Write((op, objectName, query, filter), static (writer, call) =>
    {
        writer.WriteStartObject();
        writer.WriteString("op", call.op);
        writer.WriteString("object", call.objectName);
        if (call.query is { } query)
        {
            if (query.Where is { } where)
            {
                RefuseInvalidText(where);
            }
            writer.WritePropertyName("args");
            QueryJsonWriter.Write(writer, query);
        }
        else if (call.filter is { } filter)
        {
            writer.WritePropertyName("args");
            WriteFilter(writer, filter);
        }
        writer.WriteEndObject();
    });

    /// <summary>
    /// A record the server sent, with each value converted by its field's kind. Members that are no field of the object
    /// in the client's model (<c>@type</c>, or fields of a newer server model) are left out.
    /// </summary>
    public static Record ReadRecord(JsonElement element, ObjectDefinition definition) => ReadRecord(element, definition, [], null);

    /// <summary>
    /// <see cref="ReadRecord(JsonElement, ObjectDefinition)"/> for an answer to a query with <paramref name="expand"/>: an
    /// expanded reference holds the related record (a <see cref="Record"/>, or a <see cref="Record"/> array for a
    /// <c>multiple</c> lookup) read the same way against its object in <paramref name="model"/>, as a local find returns it.
    /// </summary>
    public static Record ReadRecord(JsonElement element, ObjectDefinition definition, IReadOnlyList<Expansion> expand, ObjectModel? model)
    {
        var record = new Record();
        foreach (var member in ObjectMembers(element, definition.Name))
        {
            if (FieldShape.Find(definition, member.Name) is not { } shape)
            {
                continue;
            }
            var expansion = expand.Count == 0 ? null : expand.FirstOrDefault(e => string.Equals(e.Field, member.Name, StringComparison.Ordinal));
            record[member.Name] = expansion is null || model is null || member.Value.ValueKind == JsonValueKind.Null
                ? CanonicalValues.FromJson(shape, member.Value)
                : ReadRelated(member.Value, definition.GetField(member.Name), expansion, model);
        }
        return record;
    }

    private static object ReadRelated(JsonElement value, FieldDefinition field, Expansion expansion, ObjectModel model)
    {
        var target = field.ReferenceTo is { } name && model.Find(name) is { } found
            ? found
            : throw Unexpected($"the id of '{field.Name}' (the client's model holds no object it references)", value);
        if (!field.Multiple)
        {
            return ReadRecord(value, target, expansion.Expand, model);
        }
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Unexpected($"an array of '{target.Name}' records for '{field.Name}'", value);
        }
        var related = new Record[value.GetArrayLength()];
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            related[i++] = ReadRecord(item, target, expansion.Expand, model);
        }
        return related;
    }

    private static JsonElement.ObjectEnumerator ObjectMembers(JsonElement element, string objectName) =>
        element.ValueKind == JsonValueKind.Object
            ? element.EnumerateObject()
            : throw Unexpected($"a record of '{objectName}' as a JSON object", element);

    /// <summary>The error for an answer that is not in the REST API's shape.</summary>
    public static ObjectQLException Unexpected(string expected, JsonElement found) =>
        new(ErrorCodes.InternalError, $"The server answered {found.ValueKind} where {expected} was expected; is the endpoint an ObjectQL REST API of a matching version?");

    private static void WriteFilter(Utf8JsonWriter writer, Filter filter)
    {
        RefuseInvalidText(filter);
        QueryJsonWriter.WriteFilter(writer, filter);
    }

    private static void WriteRecord(Utf8JsonWriter writer, Record record)
    {
        writer.WriteStartObject();
        foreach (var (field, value) in record)
        {
            RefuseInvalidText(field, value);
            writer.WritePropertyName(field);
            CanonicalValues.WriteJson(writer, value);
        }
        writer.WriteEndObject();
    }

    // JSON cannot carry an unpaired surrogate (the writer would put U+FFFD in its place), so the value is refused here as
    // the server's pipeline refuses it, naming the field, and nothing is sent: a validation error in a record, an invalid
    // request in a filter.
    private static void RefuseInvalidText(string field, object? value, string code = ErrorCodes.ValidationError)
    {
        IEnumerable<object?> texts = value switch
        {
            string text => [text],
            IEnumerable<object?> list => list,
            _ => [],
        };
        foreach (var text in texts.OfType<string>())
        {
            if (CanonicalValues.IndexOfUnpairedSurrogate(text) is >= 0 and var at)
            {
                var message = $"Field '{field}': text must be valid Unicode, but it holds an unpaired UTF-16 surrogate at position {at}.";
                throw new ObjectQLException(code, message, [new ErrorDetail(field, message, "invalid_text")]);
            }
        }
    }

    private static void RefuseInvalidText(Filter filter)
    {
        switch (filter)
        {
            case Filter.Comparison comparison:
                RefuseInvalidText(comparison.Field, comparison.Value, ErrorCodes.InvalidRequest);
                break;
            case Filter.And and:
                and.Operands.ToList().ForEach(RefuseInvalidText);
                break;
            case Filter.Or or:
                or.Operands.ToList().ForEach(RefuseInvalidText);
                break;
            case Filter.Not not:
                RefuseInvalidText(not.Operand);
                break;
        }
    }

    private static byte[] Write<T>(T value, Action<Utf8JsonWriter, T> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer, value);
        }
        return buffer.WrittenSpan.ToArray();
    }
}
