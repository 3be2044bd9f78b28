using ObjectQL.Metadata;
using ObjectQL.Querying;

namespace ObjectQL.Drivers;

/// <summary>
/// A store of records. Drivers only store and query: ids, defaults, system fields, validation, permissions and
/// change events are the pipeline's job, so every driver sees complete, checked records.
/// Every driver must pass the conformance kit in <c>ObjectQL.Testing</c> with answers identical to the memory driver's.
/// </summary>
public interface IObjectQLDriver : IAsyncDisposable
{
    /// <summary>A short name for messages, e.g. <c>sqlite</c>.</summary>
    string Name { get; }

    /// <summary>Prepares the store for <paramref name="model"/> (for SQL: creates tables, adds missing columns and indexes; never drops data).</summary>
    Task InitializeAsync(ObjectModel model, CancellationToken cancellationToken = default);

    /// <summary>Starts a transaction; pass it to the other calls and commit or dispose (which rolls back).</summary>
    Task<IDriverTransaction> BeginTransactionAsync(TransactionIsolation isolationLevel = TransactionIsolation.Unspecified, CancellationToken cancellationToken = default);

    /// <summary>Records matching <paramref name="query"/> (filter, projection, order with id as the final tie-break, paging).</summary>
    Task<IReadOnlyList<Record>> FindAsync(ObjectDefinition definition, Query query, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default);

    /// <summary>The record with <paramref name="id"/>, or null.</summary>
    Task<Record?> FindOneAsync(ObjectDefinition definition, string id, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default);

    /// <summary>The number of records matching <paramref name="where"/>.</summary>
    Task<long> CountAsync(ObjectDefinition definition, Filter? where, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default);

    /// <summary>Inserts complete records; a duplicate id or unique value throws <see cref="ErrorCodes.Conflict"/> and inserts none.</summary>
    Task InsertAsync(ObjectDefinition definition, IReadOnlyList<Record> records, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the fields present in each change onto the record with that id. When <see cref="RecordChange.ExpectedVersion"/>
    /// is set, the write happens only if the stored <c>_version</c> equals it. Returns, per change, whether a row was written.
    /// </summary>
    Task<IReadOnlyList<bool>> UpdateAsync(ObjectDefinition definition, IReadOnlyList<RecordChange> changes, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes the records with these ids; returns, per id, whether one was deleted.</summary>
    Task<IReadOnlyList<bool>> DeleteAsync(ObjectDefinition definition, IReadOnlyList<string> ids, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default);

    /// <summary>Rows of <see cref="Query.GroupBy"/> keys and <see cref="Query.Aggregations"/> aliases.</summary>
    Task<IReadOnlyList<Record>> AggregateAsync(ObjectDefinition definition, Query query, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default);

    /// <summary>Distinct non-null values of <paramref name="field"/>, in ascending order.</summary>
    Task<IReadOnlyList<object>> DistinctAsync(ObjectDefinition definition, string field, Filter? where, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default);
}
