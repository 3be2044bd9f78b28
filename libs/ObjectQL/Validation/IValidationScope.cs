using ObjectQL.Metadata;
using ObjectQL.Querying;

namespace ObjectQL.Validation;

/// <summary>
/// What object rules read beyond the record being written: who writes (rule conditions resolve
/// <c>$current_user</c> tokens against it) and the stored records, in the writing transaction (uniqueness). The pipeline's
/// session implements it, so validation depends neither on the session nor on the driver.
/// </summary>
internal interface IValidationScope
{
    /// <summary>Who writes.</summary>
    ObjectQLContext Context { get; }

    /// <summary>How many stored records of <paramref name="definition"/> match the normalized <paramref name="where"/>, as stored: no permissions, no hooks.</summary>
    Task<long> CountStoredAsync(ObjectDefinition definition, Filter? where, CancellationToken cancellationToken);

    /// <summary>The stored records of <paramref name="definition"/> the normalized <paramref name="query"/> selects, as stored: no permissions, no hooks.</summary>
    Task<IReadOnlyList<Record>> FindStoredAsync(ObjectDefinition definition, Query query, CancellationToken cancellationToken);
}
