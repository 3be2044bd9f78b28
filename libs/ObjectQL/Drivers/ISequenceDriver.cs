using ObjectQL.Metadata;

namespace ObjectQL.Drivers;

/// <summary>
/// An optional driver capability: per-(object, field) counters kept in the store, used by the pipeline to number
/// <c>auto_number</c> fields. A model with an <c>auto_number</c> field opens only over a driver that implements it.
/// </summary>
public interface ISequenceDriver
{
    /// <summary>
    /// Reserves <paramref name="count"/> consecutive numbers of the counter of (<paramref name="definition"/>,
    /// <paramref name="field"/>) and returns the first; a new counter starts at 1. The reservation is part of
    /// <paramref name="transaction"/>: a rollback gives the numbers back, a commit makes them final. Concurrent
    /// transactions never receive the same number.
    /// </summary>
    Task<long> ReserveAsync(ObjectDefinition definition, string field, int count, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default);
}
