using ObjectQL.Drivers.Memory;
using ObjectQL.Metadata;
using ObjectQL.Querying;

namespace ObjectQL.Remote;

/// <summary>
/// Aggregates and distinct values for a remote repository. The REST API has no aggregate route, so the server finds the
/// matching records (its pipeline applies the filter and the caller's read permissions) with only the fields the answer
/// needs, and a local pipeline over a memory store aggregates them: the memory driver's answers are the ones every
/// driver must give (docs/querying.md), and the local pipeline refuses a bad aggregate query with the same error as the
/// server's would. It moves the matching records over the wire, so it suits answers over thousands of records, not
/// millions (docs/remote.md).
/// </summary>
internal static class ClientAggregation
{
    public static async Task<IReadOnlyList<Record>> AggregateAsync(RemoteRepository repository, Query query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var local = await OpenAsync(repository, cancellationToken).ConfigureAwait(false);
        await using (local.ConfigureAwait(false))
        {
            var aggregate = query with { Where = null };
            // Refuses a bad query (no aggregations, a sort or page, a sum over text) before anything is fetched.
            await local.Object(repository.Definition.Name).AggregateAsync(aggregate, cancellationToken).ConfigureAwait(false);
            string[] fields = [SystemFields.Id, .. query.GroupBy, .. query.Aggregations.Select(static a => a.Field).OfType<string>()];
            await LoadAsync(local, repository, new Query { Where = query.Where, Fields = fields.Distinct(StringComparer.Ordinal).ToArray() }, cancellationToken)
                .ConfigureAwait(false);
            return await local.Object(repository.Definition.Name).AggregateAsync(aggregate, cancellationToken).ConfigureAwait(false);
        }
    }

    public static async Task<IReadOnlyList<object>> DistinctAsync(RemoteRepository repository, string field, Filter? where, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(field);
        var local = await OpenAsync(repository, cancellationToken).ConfigureAwait(false);
        await using (local.ConfigureAwait(false))
        {
            await local.Object(repository.Definition.Name).DistinctAsync(field, null, cancellationToken).ConfigureAwait(false);
            await LoadAsync(local, repository, new Query { Where = where, Fields = [SystemFields.Id, field] }, cancellationToken).ConfigureAwait(false);
            return await local.Object(repository.Definition.Name).DistinctAsync(field, null, cancellationToken).ConfigureAwait(false);
        }
    }

    private static Task<ObjectQLDatabase> OpenAsync(RemoteRepository repository, CancellationToken cancellationToken) =>
        ObjectQLDatabase.OpenAsync(new MemoryDriver(), repository.Model, cancellationToken: cancellationToken);

    private static async Task LoadAsync(ObjectQLDatabase local, RemoteRepository repository, Query query, CancellationToken cancellationToken)
    {
        var records = await repository.FindAsync(query, cancellationToken).ConfigureAwait(false);
        await local.Driver.InsertAsync(repository.Definition, records, null, cancellationToken).ConfigureAwait(false);
    }
}
