using System.Globalization;
using System.Text;
using System.Text.Json;
using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Remote.Http;
using ObjectQL.Remote.Json;

namespace ObjectQL.Remote;

/// <summary>
/// One object's repository over the REST API: each call is one request (a find past the server's page size is several),
/// checked and run by the server's pipeline. Reads are here, writes in <c>RemoteRepository.Writes.cs</c>.
/// </summary>
internal sealed partial class RemoteRepository : IObjectRepository
{
    private readonly RemoteHttp _http;
    private readonly string _path;

    public RemoteRepository(RemoteHttp http, ObjectModel model, ObjectDefinition definition)
    {
        _http = http;
        Model = model;
        Definition = definition;
        _path = Uri.EscapeDataString(definition.Name);
    }

    public ObjectDefinition Definition { get; }

    /// <summary>The session's model, which <see cref="Definition"/> belongs to.</summary>
    public ObjectModel Model { get; }

    public async Task<IReadOnlyList<Record>> FindAsync(Query query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        RefuseNonFind(query);
        var records = new List<Record>();
        // The server answers at most a page per request; has_next says more match, so read on until the answer is whole.
        while (true)
        {
            var wanted = query.Limit is { } limit ? limit - records.Count : _http.PageSize;
            using var answer = await ListAsync(query, (query.Offset ?? 0) + records.Count, Math.Min(wanted, _http.PageSize), cancellationToken)
                .ConfigureAwait(false);
            var page = Items(answer);
            foreach (var item in page.EnumerateArray())
            {
                records.Add(RemoteJson.ReadRecord(item, Definition));
            }
            var hasNext = answer.RootElement.TryGetProperty("meta", out var meta) &&
                meta.TryGetProperty("has_next", out var next) && next.ValueKind == JsonValueKind.True;
            if (!hasNext || page.GetArrayLength() == 0 || records.Count >= query.Limit)
            {
                return records;
            }
        }
    }

    public async Task<Record?> FindOneAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        using var answer = await _http.SendAsync(HttpMethod.Get, RecordUri(id), null, missingIsNull: true, cancellationToken).ConfigureAwait(false);
        return answer is null ? null : RemoteJson.ReadRecord(answer.RootElement, Definition);
    }

    /// <inheritdoc />
    /// <remarks>A list request for no records (<c>limit=0</c>), which the server answers with the count.</remarks>
    public async Task<long> CountAsync(Filter? where = null, CancellationToken cancellationToken = default)
    {
        using var answer = await ListAsync(new Query { Where = where }, 0, 0, cancellationToken).ConfigureAwait(false);
        return Count(answer);
    }

    public Task<IReadOnlyList<Record>> AggregateAsync(Query query, CancellationToken cancellationToken = default) =>
        ClientAggregation.AggregateAsync(this, query, cancellationToken);

    public Task<IReadOnlyList<object>> DistinctAsync(string field, Filter? where = null, CancellationToken cancellationToken = default) =>
        ClientAggregation.DistinctAsync(this, field, where, cancellationToken);

    private Task<JsonDocument> ListAsync(Query query, int offset, int limit, CancellationToken cancellationToken)
    {
        var uri = new StringBuilder(_path);
        var separator = '?';
        if (query.Where is { } where)
        {
            Append(uri, ref separator, "filter", RemoteJson.Filter(where));
        }
        if (query.Fields is { } fields)
        {
            Append(uri, ref separator, "fields", RemoteJson.Names(fields));
        }
        if (query.OrderBy.Count > 0)
        {
            Append(uri, ref separator, "sort", RemoteJson.Sort(query.OrderBy));
        }
        Append(uri, ref separator, "limit", limit.ToString(CultureInfo.InvariantCulture));
        if (offset != 0)
        {
            Append(uri, ref separator, "offset", offset.ToString(CultureInfo.InvariantCulture));
        }
        return SendAsync(HttpMethod.Get, uri.ToString(), null, cancellationToken);
    }

    // The list endpoint answers records; what would make it answer anything else is refused as the local pipeline does.
    private static void RefuseNonFind(Query query)
    {
        if (query.Distinct || query.GroupBy.Count > 0 || query.Aggregations.Count > 0)
        {
            throw ObjectQLException.InvalidRequest(
                "find returns records; use DistinctAsync for distinct values and AggregateAsync for groupBy and aggregations.",
                query.Distinct ? "distinct" : query.GroupBy.Count > 0 ? "groupBy" : "aggregations", "invalid_query");
        }
    }

    private string RecordUri(string id) => $"{_path}/{Uri.EscapeDataString(id)}";

    private async Task<JsonDocument> SendAsync(HttpMethod method, string uri, byte[]? body, CancellationToken cancellationToken) =>
        (await _http.SendAsync(method, uri, body, missingIsNull: false, cancellationToken).ConfigureAwait(false))!;

    private static void Append(StringBuilder uri, ref char separator, string name, string value)
    {
        uri.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
        separator = '&';
    }

    private static JsonElement Items(JsonDocument answer) =>
        answer.RootElement.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array
            ? items
            : throw RemoteJson.Unexpected("an object with an items array", answer.RootElement);

    private static long Count(JsonDocument answer) =>
        answer.RootElement.TryGetProperty("count", out var count) && count.TryGetInt64(out var value)
            ? value
            : throw RemoteJson.Unexpected("an object with a count", answer.RootElement);
}
