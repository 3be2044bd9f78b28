using System.Text.Json;
using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Remote.Json;

namespace ObjectQL.Remote;

internal sealed partial class RemoteRepository
{
    public async Task<Record> CreateAsync(Record data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var answer = await SendAsync(HttpMethod.Post, _path, RemoteJson.Record(data), cancellationToken).ConfigureAwait(false);
        return RemoteJson.ReadRecord(answer.RootElement, Definition);
    }

    public async Task<IReadOnlyList<Record>> CreateManyAsync(IReadOnlyList<Record> data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var answer = await SendAsync(HttpMethod.Post, _path, RemoteJson.Records(data), cancellationToken).ConfigureAwait(false);
        var items = Items(answer);
        var records = new Record[items.GetArrayLength()];
        var i = 0;
        foreach (var item in items.EnumerateArray())
        {
            records[i++] = RemoteJson.ReadRecord(item, Definition);
        }
        return records;
    }

    /// <inheritdoc />
    /// <remarks>A <c>_version</c> in <paramref name="patch"/> is the expected version: the server compares and swaps.</remarks>
    public async Task<Record> UpdateAsync(string id, Record patch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(patch);
        using var answer = await SendAsync(HttpMethod.Put, RecordUri(id), RemoteJson.Record(patch), cancellationToken).ConfigureAwait(false);
        return RemoteJson.ReadRecord(answer.RootElement, Definition);
    }

    public async Task<long> UpdateManyAsync(Filter? where, Record patch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patch);
        using var answer = await SendAsync(HttpMethod.Post, $"{_path}/bulk-update", RemoteJson.Bulk(where, patch), cancellationToken).ConfigureAwait(false);
        return Count(answer);
    }

    /// <summary>
    /// Refused: the REST API has no call that applies a different patch to each record in one transaction, and several
    /// calls would not be all or none.
    /// </summary>
    public Task<long> UpdateManyAsync(IReadOnlyList<RecordPatch> patches, CancellationToken cancellationToken = default) =>
        throw new ObjectQLException(ErrorCodes.DriverUnsupportedOperation,
            $"A remote session cannot apply a different patch to each record of '{Definition.Name}' all or none: the REST API runs " +
            "one patch per request. Use UpdateManyAsync(where, patch) for one patch on many records (one atomic request), " +
            "or UpdateAsync per record with the expected _version (compare-and-swap) and handle CONFLICT.",
            [new ErrorDetail(null, "Per-record batched updates are not available over HTTP.", "remote_unsupported")]);

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        using var answer = await _http.SendAsync(HttpMethod.Delete, RecordUri(id), null, missingIsNull: true, cancellationToken).ConfigureAwait(false);
        return answer is not null;
    }

    public async Task<long> DeleteManyAsync(Filter? where, CancellationToken cancellationToken = default)
    {
        using var answer = await SendAsync(HttpMethod.Post, $"{_path}/bulk-delete", RemoteJson.Bulk(where, null), cancellationToken).ConfigureAwait(false);
        return Count(answer);
    }

    /// <inheritdoc />
    /// <remarks>One bulk delete of <c>id $in ids</c>: all or none on the server, missing ids skipped, an id given twice counted once.</remarks>
    public Task<long> DeleteByIdsAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return ids.Count == 0
            ? Task.FromResult(0L)
            : DeleteManyAsync(new Filter.Comparison(SystemFields.Id, FilterOperator.In, ids.ToArray<object?>()), cancellationToken);
    }
}
