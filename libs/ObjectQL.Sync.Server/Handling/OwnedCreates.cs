using ObjectQL.Pipeline;

namespace ObjectQL.Sync.Server.Handling;

/// <summary>
/// The create of records a push built for that write alone (<see cref="MutationApplier"/>'s values, held by nothing
/// else once handed over): the pipeline converts and stamps them in place instead of copying each first. A repository
/// wrapped for tracing takes them as it takes any caller's.
/// </summary>
internal static class OwnedCreates
{
    public static Task<IReadOnlyList<Record>> CreateAsync(IObjectRepository records, IReadOnlyList<Record> values, CancellationToken cancellationToken) =>
        records is ObjectRepository pipeline ? pipeline.CreateOwnedAsync(values, cancellationToken) : records.CreateManyAsync(values, cancellationToken);
}
