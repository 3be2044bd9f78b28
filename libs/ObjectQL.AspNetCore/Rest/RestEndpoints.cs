using System.Text.Json;
using Microsoft.AspNetCore.Http;
using ObjectQL.Querying;

namespace ObjectQL.AspNetCore.Rest;

/// <summary>
/// The REST routes (docs/rest-api.md): list, get, create (one or many), partial update with compare-and-swap, delete,
/// bulk update and delete by filter. Every call goes through the caller's session, so the whole pipeline applies.
/// </summary>
internal sealed class RestEndpoints(ObjectQLApiOptions options)
{
    public Task ListAsync(HttpContext http) => ApiHandler.RunRestAsync(http, options, "list", async request =>
    {
        var repository = request.Repository(request.Route("object"));
        var query = ListQuery.Read(http.Request.Query, repository.Definition, request.Session.Database.Model, options);
        var (items, total) = await RecordReads.PageAsync(repository, query, request.Aborted).ConfigureAwait(false);
        var size = query.Limit!.Value;
        var offset = query.Offset ?? 0;
        await ApiResponse.WriteAsync(http, StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WritePropertyName("items");
            ApiResponse.Records(writer, items, repository.Definition);
            writer.WriteStartObject("meta");
            writer.WriteNumber("total", total);
            writer.WriteNumber("page", size == 0 ? 1 : (offset / size) + 1);
            writer.WriteNumber("size", size);
            writer.WriteNumber("pages", size == 0 ? 0 : (total + size - 1) / size);
            writer.WriteBoolean("has_next", offset + items.Count < total);
            writer.WriteEndObject();
            if (size == 0)
            {
                // The TypeScript SDK counts with limit=0 and reads "count".
                writer.WriteNumber("count", total);
            }
            writer.WriteEndObject();
        }).ConfigureAwait(false);
    });

    public Task GetAsync(HttpContext http) => ApiHandler.RunRestAsync(http, options, "get", async request =>
    {
        var repository = request.Repository(request.Route("object"));
        var id = request.Route("id")!;
        Query? query = http.Request.Query.Count == 0 ? null : ListQuery.Read(http.Request.Query, repository.Definition, request.Session.Database.Model, options, "fields", "select", "expand");
        var record = await RecordReads.FindByIdAsync(repository, id, query, request.Aborted).ConfigureAwait(false)
            ?? throw RecordReads.Missing(repository, id);
        await WriteRecordAsync(http, StatusCodes.Status200OK, record, repository).ConfigureAwait(false);
    });

    public Task CreateAsync(HttpContext http) => ApiHandler.RunRestAsync(http, options, "create", async request =>
    {
        var repository = request.Repository(request.Route("object"));
        var body = await request.ReadBodyAsync().ConfigureAwait(false);
        if (body.ValueKind == JsonValueKind.Array)
        {
            request.Operation = "createMany";
            var created = await repository.CreateManyAsync(ApiInput.ToRecords(body, repository.Definition, "$"), request.Aborted).ConfigureAwait(false);
            await ApiResponse.WriteAsync(http, StatusCodes.Status201Created, writer =>
            {
                writer.WriteStartObject();
                writer.WritePropertyName("items");
                ApiResponse.Records(writer, created, repository.Definition);
                writer.WriteNumber("count", created.Count);
                writer.WriteString(ApiResponse.TypeMember, repository.Definition.Name);
                writer.WriteEndObject();
            }).ConfigureAwait(false);
            return;
        }
        var record = await repository.CreateAsync(ApiInput.ToRecord(body, repository.Definition, "$"), request.Aborted).ConfigureAwait(false);
        await WriteRecordAsync(http, StatusCodes.Status201Created, record, repository).ConfigureAwait(false);
    });

    public Task UpdateAsync(HttpContext http) => ApiHandler.RunRestAsync(http, options, "update", async request =>
    {
        var repository = request.Repository(request.Route("object"));
        var body = await request.ReadBodyAsync().ConfigureAwait(false);
        var record = await repository.UpdateAsync(request.Route("id")!, ApiInput.ToRecord(body, repository.Definition, "$"), request.Aborted).ConfigureAwait(false);
        await WriteRecordAsync(http, StatusCodes.Status200OK, record, repository).ConfigureAwait(false);
    });

    public Task DeleteAsync(HttpContext http) => ApiHandler.RunRestAsync(http, options, "delete", async request =>
    {
        var repository = request.Repository(request.Route("object"));
        var id = request.Route("id")!;
        if (!await repository.DeleteAsync(id, request.Aborted).ConfigureAwait(false))
        {
            throw RecordReads.Missing(repository, id);
        }
        await ApiResponse.WriteAsync(http, StatusCodes.Status200OK, writer => Deleted(writer, id, repository.Definition.Name)).ConfigureAwait(false);
    });

    public Task BulkUpdateAsync(HttpContext http) => ApiHandler.RunRestAsync(http, options, "bulk-update", async request =>
    {
        var repository = request.Repository(request.Route("object"));
        var members = ApiInput.Members(await request.ReadBodyAsync().ConfigureAwait(false), "$", ["filters", "filter", "data"], "data");
        var where = ApiInput.BulkFilter(members, repository.Definition, "$");
        var count = await repository.UpdateManyAsync(where, ApiInput.ToRecord(members["data"], repository.Definition, "$.data"), request.Aborted).ConfigureAwait(false);
        await WriteCountAsync(http, count, repository).ConfigureAwait(false);
    });

    public Task BulkDeleteAsync(HttpContext http) => ApiHandler.RunRestAsync(http, options, "bulk-delete", async request =>
    {
        var repository = request.Repository(request.Route("object"));
        var members = ApiInput.Members(await request.ReadBodyAsync().ConfigureAwait(false), "$", ["filters", "filter"]);
        var count = await repository.DeleteManyAsync(ApiInput.BulkFilter(members, repository.Definition, "$"), request.Aborted).ConfigureAwait(false);
        await WriteCountAsync(http, count, repository).ConfigureAwait(false);
    });

    /// <summary>The answer of a delete: <c>{id, deleted: true, @type}</c>.</summary>
    public static void Deleted(Utf8JsonWriter writer, string id, string type)
    {
        writer.WriteStartObject();
        writer.WriteString("id", id);
        writer.WriteBoolean("deleted", true);
        writer.WriteString(ApiResponse.TypeMember, type);
        writer.WriteEndObject();
    }

    private static Task WriteRecordAsync(HttpContext http, int status, Record record, IObjectRepository repository) =>
        ApiResponse.WriteAsync(http, status, writer => ApiResponse.Record(writer, record, repository.Definition, withType: true));

    private static Task WriteCountAsync(HttpContext http, long count, IObjectRepository repository) =>
        ApiResponse.WriteAsync(http, StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("count", count);
            writer.WriteString(ApiResponse.TypeMember, repository.Definition.Name);
            writer.WriteEndObject();
        });
}
