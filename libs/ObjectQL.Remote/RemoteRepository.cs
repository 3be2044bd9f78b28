using System.Text.Json;
using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Remote.Http;
using ObjectQL.Remote.Json;

namespace ObjectQL.Remote;

/// <summary>
/// One object's repository over the server's HTTP API, each call checked and run by the server's pipeline: finds and
/// counts through the RPC endpoint (the query in the body, in the form the local API takes), one record and every write
/// through the REST routes. Reads are here, writes in <c>RemoteRepository.Writes.cs</c>.
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

    /// <inheritdoc />
    /// <remarks>
    /// A page holds at most <see cref="RemoteSessionOptions.PageSize"/> records; a find that wants more reads page after
    /// page, each its own request (so the pages are not one snapshot of the store).
    /// </remarks>
    public async Task<IReadOnlyList<Record>> FindAsync(Query query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var records = new List<Record>();
        while (true)
        {
            var take = query.Limit is { } limit ? Math.Min(limit - records.Count, _http.PageSize) : _http.PageSize;
            var page = query with { Limit = take, Offset = (query.Offset ?? 0) + records.Count };
            using var answer = await RpcAsync("find", page, null, cancellationToken).ConfigureAwait(false);
            var items = Data(answer, JsonValueKind.Array, "an array of records");
            foreach (var item in items.EnumerateArray())
            {
                records.Add(RemoteJson.ReadRecord(item, Definition, query.Expand, Model));
            }
            if (items.GetArrayLength() < take || records.Count >= query.Limit)
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

    public async Task<long> CountAsync(Filter? where = null, CancellationToken cancellationToken = default)
    {
        using var answer = await RpcAsync("count", null, where, cancellationToken).ConfigureAwait(false);
        var count = Data(answer, JsonValueKind.Number, "a count");
        return count.TryGetInt64(out var value) ? value : throw RemoteJson.Unexpected("a whole count", count);
    }

    public Task<IReadOnlyList<Record>> AggregateAsync(Query query, CancellationToken cancellationToken = default) =>
        ClientAggregation.AggregateAsync(this, query, cancellationToken);

    public Task<IReadOnlyList<object>> DistinctAsync(string field, Filter? where = null, CancellationToken cancellationToken = default) =>
        ClientAggregation.DistinctAsync(this, field, where, cancellationToken);

    private Task<JsonDocument> RpcAsync(string op, Query? query, Filter? filter, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, _http.RpcPath, RemoteJson.Rpc(op, Definition.Name, query, filter), cancellationToken);

    private string RecordUri(string id) => $"{_path}/{Uri.EscapeDataString(id)}";

    private async Task<JsonDocument> SendAsync(HttpMethod method, string uri, byte[]? body, CancellationToken cancellationToken) =>
        (await _http.SendAsync(method, uri, body, missingIsNull: false, cancellationToken).ConfigureAwait(false))!;

    private static JsonElement Data(JsonDocument answer, JsonValueKind kind, string expected) =>
        answer.RootElement.TryGetProperty("data", out var data) && data.ValueKind == kind
            ? data
            : throw RemoteJson.Unexpected($"an object with data holding {expected}", answer.RootElement);

    private static JsonElement Items(JsonDocument answer) =>
        answer.RootElement.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array
            ? items
            : throw RemoteJson.Unexpected("an object with an items array", answer.RootElement);

    private static long Count(JsonDocument answer) =>
        answer.RootElement.TryGetProperty("count", out var count) && count.TryGetInt64(out var value)
            ? value
            : throw RemoteJson.Unexpected("an object with a count", answer.RootElement);
}
