using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using ObjectQL.Metadata;
using ObjectQL.Values;

namespace ObjectQL.AspNetCore.Rest;

/// <summary>
/// Writes answers with <see cref="Utf8JsonWriter"/>: field names exactly as declared in the YAML, values in their
/// canonical JSON form (<see cref="CanonicalValues.WriteJson"/>), no serializer and no naming policy in between.
/// </summary>
internal static class ApiResponse
{
    public const string TypeMember = ObjectQL.Entities.Generated.EntityJson.TypeMember;

    public static Task WriteAsync(HttpContext http, int status, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }
        http.Response.StatusCode = status;
        return ObjectQLHttpErrors.WriteJsonAsync(http, buffer.WrittenMemory, http.RequestAborted);
    }

    /// <summary>
    /// One record as a JSON object in a stable order: <c>id</c>, the declared fields in declaration order, the other system
    /// fields, and <c>@type</c> (the object name) when <paramref name="withType"/>. A field the record does not carry (hidden
    /// from the caller, or never set) is left out.
    /// </summary>
    public static void Record(Utf8JsonWriter writer, Record record, ObjectDefinition definition, bool withType)
    {
        writer.WriteStartObject();
        Member(writer, record, SystemFields.Id);
        foreach (var field in definition.Fields)
        {
            Member(writer, record, field.Name);
        }
        foreach (var field in SystemFields.All)
        {
            if (field != SystemFields.Id)
            {
                Member(writer, record, field);
            }
        }
        if (withType)
        {
            writer.WriteString(TypeMember, definition.Name);
        }
        writer.WriteEndObject();
    }

    public static void Records(Utf8JsonWriter writer, IReadOnlyList<Record> records, ObjectDefinition definition)
    {
        writer.WriteStartArray();
        foreach (var record in records)
        {
            Record(writer, record, definition, withType: false);
        }
        writer.WriteEndArray();
    }

    private static void Member(Utf8JsonWriter writer, Record record, string field)
    {
        if (record.TryGetValue(field, out var value))
        {
            writer.WritePropertyName(field);
            CanonicalValues.WriteJson(writer, value);
        }
    }
}
