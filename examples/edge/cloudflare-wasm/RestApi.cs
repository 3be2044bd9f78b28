using System.Buffers;
using System.Text;
using System.Text.Json;
using ObjectQL;
using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Entities.Generated;

namespace EdgeCloudflareWasm;

/// <summary>
/// The REST shapes of <c>MapObjectQL()</c> (docs/rest-api.md) that this Worker serves: list, get by id, create. The
/// ASP.NET Core endpoints cannot run in WebAssembly, so this is a small dispatcher over the same pipeline: the caller's
/// session applies permissions, validation and system fields, and the answers have the same JSON form.
/// </summary>
internal static class RestApi
{
    private const string Prefix = "/api/data/";
    private const int DefaultLimit = 20;
    private const int MaxLimit = 100;

    public static async Task<(int Status, string Json)> HandleAsync(ObjectQLSession session, string method, string path, string query, string body)
    {
        try
        {
            var route = path.StartsWith(Prefix, StringComparison.Ordinal) ? path[Prefix.Length..].Split('/') : [];
            return (method, route.Length) switch
            {
                ("GET", 1) => (200, await ListAsync(session.Object(route[0]), query).ConfigureAwait(false)),
                ("GET", 2) => (200, await GetAsync(session.Object(route[0]), Uri.UnescapeDataString(route[1])).ConfigureAwait(false)),
                ("POST", 1) => (201, await CreateAsync(session.Object(route[0]), body).ConfigureAwait(false)),
                _ => throw new ObjectQLException(ErrorCodes.NotFound, $"No route for {method} {path}.", [new ErrorDetail("path", "Not a route of this Worker.", "no_route")]),
            };
        }
        catch (ObjectQLException error)
        {
            return (StatusOf(error.Code), Encoding.UTF8.GetString(ErrorJson.Write(ErrorBody.From(error))));
        }
    }

    private static async Task<string> ListAsync(IObjectRepository repository, string query)
    {
        var limit = Number(query, "limit", DefaultLimit, MaxLimit);
        var offset = Number(query, "offset", 0, int.MaxValue);
        var items = await repository.FindAsync(new Query { Limit = limit, Offset = offset }).ConfigureAwait(false);
        var total = await repository.CountAsync().ConfigureAwait(false);
        return Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("items");
            foreach (var item in items)
            {
                Record(writer, item, repository.Definition, withType: false);
            }
            writer.WriteEndArray();
            writer.WriteStartObject("meta");
            writer.WriteNumber("total", total);
            writer.WriteNumber("page", limit == 0 ? 1 : (offset / limit) + 1);
            writer.WriteNumber("size", limit);
            writer.WriteNumber("pages", limit == 0 ? 0 : (total + limit - 1) / limit);
            writer.WriteBoolean("has_next", offset + items.Count < total);
            writer.WriteEndObject();
            writer.WriteEndObject();
        });
    }

    private static async Task<string> GetAsync(IObjectRepository repository, string id)
    {
        var record = await repository.FindOneAsync(id).ConfigureAwait(false)
            ?? throw new ObjectQLException(ErrorCodes.NotFound, $"{repository.Definition.Name} '{id}' was not found.", [new ErrorDetail("id", "No such record.", "not_found")]);
        return Write(writer => Record(writer, record, repository.Definition, withType: true));
    }

    private static async Task<string> CreateAsync(IObjectRepository repository, string body)
    {
        JsonElement data;
        try
        {
            data = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException)
        {
            throw ObjectQLException.InvalidRequest("The body is not valid JSON.", "$", "invalid_body");
        }
        if (data.ValueKind != JsonValueKind.Object)
        {
            throw ObjectQLException.InvalidRequest("The body must be a JSON object of field values.", "$", "invalid_body");
        }
        var record = new Record();
        foreach (var member in data.EnumerateObject())
        {
            record[member.Name] = member.Value;
        }
        var created = await repository.CreateAsync(record).ConfigureAwait(false);
        return Write(writer => Record(writer, created, repository.Definition, withType: true));
    }

    // limit and offset from the query string: whole numbers from 0 to max, the default when absent.
    private static int Number(string query, string name, int fallback, int max)
    {
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && pair[..equals] == name)
            {
                return int.TryParse(pair[(equals + 1)..], out var value) && value >= 0 && value <= max
                    ? value
                    : throw ObjectQLException.InvalidRequest($"'{name}' must be a whole number from 0 to {max}.", name, "invalid_value");
            }
        }
        return fallback;
    }

    // One record in the REST form, with @type on single answers (the list's items leave it out).
    private static void Record(Utf8JsonWriter writer, Record record, ObjectDefinition definition, bool withType)
    {
        if (withType)
        {
            record = new Record(record) { [EntityJson.TypeMember] = definition.Name };
        }
        EntityJson.WriteRecord(writer, record);
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    // The status of each error code, as MapObjectQL() answers it.
    private static int StatusOf(string code) => code switch
    {
        ErrorCodes.InvalidRequest or ErrorCodes.ValidationError => 400,
        ErrorCodes.Unauthorized => 401,
        ErrorCodes.Forbidden => 403,
        ErrorCodes.NotFound => 404,
        ErrorCodes.Conflict => 409,
        _ => 500,
    };
}
