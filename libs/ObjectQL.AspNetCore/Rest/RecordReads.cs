using ObjectQL.Metadata;
using ObjectQL.Querying;

namespace ObjectQL.AspNetCore.Rest;

/// <summary>The reads REST and RPC share: one record by id (with a projection), a page with its totals.</summary>
internal static class RecordReads
{
    public static async Task<Record?> FindByIdAsync(IObjectRepository repository, string id, Query? query, CancellationToken cancellationToken)
    {
        if (query is null || (query.Fields is null && query.Where is null && query.Expand.Count == 0))
        {
            return await repository.FindOneAsync(id, cancellationToken).ConfigureAwait(false);
        }
        Filter where = new Filter.Comparison(SystemFields.Id, FilterOperator.Eq, id);
        var records = await repository.FindAsync(
            new Query { Where = query.Where is null ? where : where & query.Where, Fields = query.Fields, Expand = query.Expand, Limit = 1 }, cancellationToken).ConfigureAwait(false);
        return records.Count == 0 ? null : records[0];
    }

    public static ObjectQLException Missing(IObjectRepository repository, string id) =>
        new(ErrorCodes.NotFound, $"No record '{id}' of '{repository.Definition.Name}' (or not one you may see).",
            [new ErrorDetail(SystemFields.Id, "No such record.", "not_found")]);

    /// <summary>A page of records and the number of all that match, for <c>meta</c>.</summary>
    public static async Task<(IReadOnlyList<Record> Items, long Total)> PageAsync(IObjectRepository repository, Query query, CancellationToken cancellationToken)
    {
        IReadOnlyList<Record> items = query.Limit == 0 ? [] : await repository.FindAsync(query, cancellationToken).ConfigureAwait(false);
        var offset = query.Offset ?? 0;
        // A page that is not full and not empty says the total itself; otherwise count.
        var total = items.Count > 0 && items.Count < query.Limit
            ? offset + items.Count
            : await repository.CountAsync(query.Where, cancellationToken).ConfigureAwait(false);
        return (items, total);
    }
}
