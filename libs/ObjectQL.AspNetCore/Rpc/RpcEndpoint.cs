using System.Text.Json;
using Microsoft.AspNetCore.Http;
using ObjectQL.AspNetCore.Rest;
using ObjectQL.Querying;
using ObjectQL.Querying.Json;

namespace ObjectQL.AspNetCore.Rpc;

/// <summary>
/// The RPC form the TypeScript SDK's <c>RemoteDriver</c> speaks: <c>POST {op, object, args}</c>, answered
/// <c>{"data": ...}</c> or <c>{"error": ...}</c> (docs/rest-api.md, "RPC"). Identity comes from the host's
/// authentication only; a <c>user</c> member in the body is refused.
/// </summary>
internal sealed class RpcEndpoint(ObjectQLApiOptions options)
{
    private static readonly string[] EnvelopeMembers = ["op", "object", "args", "ai_context"];

    private static readonly string[] Ops = ["ping", "find", "findOne", "count", "create", "createMany", "update", "delete", "updateMany", "deleteMany"];

    public Task HandleAsync(HttpContext http) => ApiHandler.RunRpcAsync(http, options, async request =>
    {
        // Authentication comes first: a caller without credentials learns nothing about the body but whether it was a ping.
        var envelope = request.HasCaller ? await request.ReadBodyAsync().ConfigureAwait(false) : await PingOrUnauthorizedAsync(request).ConfigureAwait(false);
        if (envelope.ValueKind == JsonValueKind.Object && envelope.TryGetProperty("user", out _))
        {
            throw ObjectQLException.InvalidRequest(
                "The request names a user; identity comes from the request's authentication only. Remove 'user' and authenticate the request.", "user", "client_identity");
        }
        var members = ApiInput.Members(envelope, "$", EnvelopeMembers, "op");
        var op = members["op"].ValueKind == JsonValueKind.String ? members["op"].GetString()! : "";
        request.Operation = Ops.Contains(op) ? op : "unknown";
        if (op == "ping")
        {
            // Answers without a caller or the database: the SDK's health check sends no credentials.
            await WriteDataAsync(http, writer => writer.WriteBooleanValue(true)).ConfigureAwait(false);
            return;
        }
        var objectName = members.TryGetValue("object", out var name) && name.ValueKind == JsonValueKind.String
            ? name.GetString()!
            : throw ObjectQLException.InvalidRequest("$.object must name the object as a string.", "$.object", "required");
        var repository = request.Repository(objectName);
        var args = members.TryGetValue("args", out var given) ? given : default;
        await (op switch
        {
            "find" => FindAsync(request, repository, args),
            "findOne" => FindOneAsync(request, repository, args),
            "count" => CountAsync(request, repository, args),
            "create" => CreateAsync(request, repository, args),
            "createMany" => CreateManyAsync(request, repository, args),
            "update" => UpdateAsync(request, repository, args),
            "delete" => DeleteAsync(request, repository, args),
            "updateMany" => UpdateManyAsync(request, repository, args),
            "deleteMany" => DeleteManyAsync(request, repository, args),
            _ => throw ObjectQLException.InvalidRequest(
                $"Unknown op '{op}'; use ping, find, findOne, count, create, createMany, update, delete, updateMany or deleteMany.", "$.op", "unknown_op"),
        }).ConfigureAwait(false);
    });

    private async Task FindAsync(ApiRequest request, IObjectRepository repository, JsonElement args)
    {
        var query = IsAbsent(args) ? Query.All : QueryJsonReader.Read(args, repository.Definition, request.Session.Database.Model);
        if (query.Limit is null)
        {
            // No limit means all of them: more than a page is refused rather than cut short without a word.
            var records = await repository.FindAsync(query with { Limit = options.MaxPageSize + 1 }, request.Aborted).ConfigureAwait(false);
            if (records.Count > options.MaxPageSize)
            {
                throw ObjectQLException.InvalidRequest(
                    $"More than {options.MaxPageSize} records match; ask for pages with top and skip.", "$.args.top", "too_many_results");
            }
            await WriteDataAsync(request.Http, writer => ApiResponse.Records(writer, records, repository.Definition)).ConfigureAwait(false);
            return;
        }
        var page = await repository.FindAsync(ListQuery.WithPageSize(query, options, "$.args.top"), request.Aborted).ConfigureAwait(false);
        await WriteDataAsync(request.Http, writer => ApiResponse.Records(writer, page, repository.Definition)).ConfigureAwait(false);
    }

    private static async Task FindOneAsync(ApiRequest request, IObjectRepository repository, JsonElement args)
    {
        Record? record;
        if (args.ValueKind == JsonValueKind.String)
        {
            record = await RecordReads.FindByIdAsync(repository, ApiInput.Id(args, "$.args"), null, request.Aborted).ConfigureAwait(false);
        }
        else if (args.ValueKind == JsonValueKind.Object && args.TryGetProperty("id", out var id))
        {
            var members = ApiInput.Members(args, "$.args", ["id", "query"], "id");
            var query = members.TryGetValue("query", out var given) && !IsAbsent(given) ? QueryJsonReader.Read(given, repository.Definition, request.Session.Database.Model) : null;
            record = await RecordReads.FindByIdAsync(repository, ApiInput.Id(id, "$.args.id"), query, request.Aborted).ConfigureAwait(false);
        }
        else
        {
            // The documented {filters} form: the first record the query finds.
            var query = IsAbsent(args) ? Query.All : QueryJsonReader.Read(args, repository.Definition, request.Session.Database.Model);
            var records = await repository.FindAsync(query with { Limit = 1 }, request.Aborted).ConfigureAwait(false);
            record = records.Count == 0 ? null : records[0];
        }
        await WriteDataAsync(request.Http, writer =>
        {
            if (record is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                ApiResponse.Record(writer, record, repository.Definition, withType: true);
            }
        }).ConfigureAwait(false);
    }

    private static async Task CountAsync(ApiRequest request, IObjectRepository repository, JsonElement args)
    {
        // The SDK sends the filter itself as args; the docs wrap it as {filters}.
        var filter = args;
        if (args.ValueKind == JsonValueKind.Object && repository.Definition.FindField("filters") is null
            && args.EnumerateObject().Count() == 1 && args.TryGetProperty("filters", out var wrapped))
        {
            filter = wrapped;
        }
        var count = await repository.CountAsync(IsAbsent(filter) ? null : ApiInput.Filter(filter, repository.Definition), request.Aborted).ConfigureAwait(false);
        await WriteDataAsync(request.Http, writer => writer.WriteNumberValue(count)).ConfigureAwait(false);
    }

    private static async Task CreateAsync(ApiRequest request, IObjectRepository repository, JsonElement args)
    {
        var record = await repository.CreateAsync(ApiInput.ToRecord(args, repository.Definition, "$.args"), request.Aborted).ConfigureAwait(false);
        await WriteDataAsync(request.Http, writer => ApiResponse.Record(writer, record, repository.Definition, withType: true)).ConfigureAwait(false);
    }

    private static async Task CreateManyAsync(ApiRequest request, IObjectRepository repository, JsonElement args)
    {
        var records = await repository.CreateManyAsync(ApiInput.ToRecords(args, repository.Definition, "$.args"), request.Aborted).ConfigureAwait(false);
        await WriteDataAsync(request.Http, writer => ApiResponse.Records(writer, records, repository.Definition)).ConfigureAwait(false);
    }

    private static async Task UpdateAsync(ApiRequest request, IObjectRepository repository, JsonElement args)
    {
        var members = ApiInput.Members(args, "$.args", ["id", "data"], "id", "data");
        var record = await repository.UpdateAsync(
            ApiInput.Id(members["id"], "$.args.id"), ApiInput.ToRecord(members["data"], repository.Definition, "$.args.data"), request.Aborted).ConfigureAwait(false);
        await WriteDataAsync(request.Http, writer => ApiResponse.Record(writer, record, repository.Definition, withType: true)).ConfigureAwait(false);
    }

    private static async Task DeleteAsync(ApiRequest request, IObjectRepository repository, JsonElement args)
    {
        var id = ApiInput.Id(ApiInput.Members(args, "$.args", ["id"], "id")["id"], "$.args.id");
        if (!await repository.DeleteAsync(id, request.Aborted).ConfigureAwait(false))
        {
            throw RecordReads.Missing(repository, id);
        }
        await WriteDataAsync(request.Http, writer => RestEndpoints.Deleted(writer, id, repository.Definition.Name)).ConfigureAwait(false);
    }

    private static async Task UpdateManyAsync(ApiRequest request, IObjectRepository repository, JsonElement args)
    {
        var members = ApiInput.Members(args, "$.args", ["filters", "filter", "data"], "data");
        var where = ApiInput.BulkFilter(members, repository.Definition, "$.args");
        var count = await repository.UpdateManyAsync(where, ApiInput.ToRecord(members["data"], repository.Definition, "$.args.data"), request.Aborted).ConfigureAwait(false);
        await WriteCountAsync(request.Http, count).ConfigureAwait(false);
    }

    private static async Task DeleteManyAsync(ApiRequest request, IObjectRepository repository, JsonElement args)
    {
        var members = ApiInput.Members(args, "$.args", ["filters", "filter"]);
        var count = await repository.DeleteManyAsync(ApiInput.BulkFilter(members, repository.Definition, "$.args"), request.Aborted).ConfigureAwait(false);
        await WriteCountAsync(request.Http, count).ConfigureAwait(false);
    }

    // Without a caller only the SDK's ping is answered; anything else, a malformed or oversized body included, is 401.
    private static async Task<JsonElement> PingOrUnauthorizedAsync(ApiRequest request)
    {
        JsonElement envelope;
        try
        {
            envelope = await request.ReadBodyAsync().ConfigureAwait(false);
        }
        catch (ObjectQLException)
        {
            throw ApiRequest.Unauthorized();
        }
        return envelope.ValueKind == JsonValueKind.Object && envelope.TryGetProperty("op", out var op)
            && op.ValueKind == JsonValueKind.String && op.ValueEquals("ping")
            ? envelope
            : throw ApiRequest.Unauthorized();
    }

    private static bool IsAbsent(JsonElement value) => value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null;

    private static Task WriteCountAsync(HttpContext http, long count) => WriteDataAsync(http, writer =>
    {
        writer.WriteStartObject();
        writer.WriteNumber("count", count);
        writer.WriteEndObject();
    });

    private static Task WriteDataAsync(HttpContext http, Action<Utf8JsonWriter> data) =>
        ApiResponse.WriteAsync(http, StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WritePropertyName("data");
            data(writer);
            writer.WriteEndObject();
        });
}
