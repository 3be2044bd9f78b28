using ObjectQL.Metadata;

namespace ObjectQL.Drivers;

/// <summary>
/// An optional driver capability: updates that set <c>_version</c> to the stored version plus one themselves, so the
/// pipeline need not read a record before changing it. The pipeline uses it when nothing needs the stored record
/// (no update hook, record rule, object rule, unique field, expected version or change handler; docs/pipeline.md).
/// </summary>
public interface IVersionIncrementingDriver
{
    /// <summary>
    /// Writes the fields of each change onto the record with its id and sets that record's <c>_version</c> to its stored
    /// value plus one, atomically. The changes carry neither <c>_version</c> nor <see cref="RecordChange.ExpectedVersion"/>.
    /// Returns, per change, whether a record with the id existed (and was written).
    /// </summary>
    Task<IReadOnlyList<bool>> UpdateIncrementingVersionAsync(
        ObjectDefinition definition, IReadOnlyList<RecordChange> changes, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default);
}
