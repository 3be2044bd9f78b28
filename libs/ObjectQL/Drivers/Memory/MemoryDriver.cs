using System.Collections.Immutable;
using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Values;

namespace ObjectQL.Drivers.Memory;

/// <summary>
/// An in-process store. Committed tables are immutable snapshots, so readers never block and never see a half-done
/// write; writers (transactions and single calls) take one write lock, work on their own copy and publish it on commit.
/// That gives serializable transactions with real rollback. Records are deep-copied in and out.
/// </summary>
public sealed partial class MemoryDriver : IObjectQLDriver
{
    private static readonly ImmutableDictionary<string, Record> EmptyTable = ImmutableDictionary.Create<string, Record>(StringComparer.Ordinal);

    private readonly SemaphoreSlim _writer = new(1, 1);
    private ImmutableDictionary<string, ImmutableDictionary<string, Record>> _tables =
        ImmutableDictionary.Create<string, ImmutableDictionary<string, Record>>(StringComparer.Ordinal);
    private bool _disposed;

    /// <inheritdoc />
    public string Name => "memory";

    /// <inheritdoc />
    public async Task InitializeAsync(ObjectModel model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        await using var transaction = await BeginAsync(cancellationToken).ConfigureAwait(false);
        foreach (var definition in model.Objects)
        {
            if (!transaction.Tables.ContainsKey(definition.StorageName))
            {
                transaction.Tables = transaction.Tables.SetItem(definition.StorageName, EmptyTable);
            }
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>Every isolation level is served as serializable: one writer at a time, readers see committed snapshots.</remarks>
    public async Task<IDriverTransaction> BeginTransactionAsync(TransactionIsolation isolationLevel = TransactionIsolation.Unspecified, CancellationToken cancellationToken = default) =>
        await BeginAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public Task<IReadOnlyList<Record>> FindAsync(ObjectDefinition definition, Query query, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(query);
        cancellationToken.ThrowIfCancellationRequested();
        var rows = Rows(definition, transaction).Where(r => FilterEvaluator.Matches(query.Where, r)).ToList();
        rows.Sort(new RecordOrder(query.OrderBy));
        IEnumerable<Record> page = rows;
        if (query.Offset is > 0)
        {
            page = page.Skip(query.Offset.Value);
        }
        if (query.Limit is { } limit)
        {
            page = page.Take(limit);
        }
        IReadOnlyList<Record> result = page.Select(r => Project(r, query.Fields)).ToList();
        return Task.FromResult(result);
    }

    /// <inheritdoc />
    public Task<Record?> FindOneAsync(ObjectDefinition definition, string id, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(id);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Table(definition, transaction).TryGetValue(id, out var row) ? Copy(row) : null);
    }

    /// <inheritdoc />
    public Task<long> CountAsync(ObjectDefinition definition, Filter? where, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult((long)Rows(definition, transaction).Count(r => FilterEvaluator.Matches(where, r)));
    }

    /// <inheritdoc />
    public Task InsertAsync(ObjectDefinition definition, IReadOnlyList<Record> records, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(records);
        return WriteAsync(definition, transaction, table =>
        {
            foreach (var record in records)
            {
                if (record.Id is not { Length: > 0 } id)
                {
                    throw ObjectQLException.InvalidRequest($"A record of '{definition.Name}' needs an id to be inserted.", SystemFields.Id, "missing_id");
                }
                if (table.ContainsKey(id))
                {
                    throw ObjectQLException.UniqueConflict(definition.Name, [SystemFields.Id]);
                }
                var copy = Copy(record);
                CheckUnique(definition, table, copy);
                table = table.Add(id, copy);
            }
            return table;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<bool>> UpdateAsync(ObjectDefinition definition, IReadOnlyList<RecordChange> changes, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        UpdateCoreAsync(definition, changes, incrementVersion: false, transaction, cancellationToken);

    // incrementVersion: _version becomes the stored version plus one (IVersionIncrementingDriver).
    private async Task<IReadOnlyList<bool>> UpdateCoreAsync(
        ObjectDefinition definition, IReadOnlyList<RecordChange> changes, bool incrementVersion, IDriverTransaction? transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(changes);
        var written = new bool[changes.Count];
        await WriteAsync(definition, transaction, table =>
        {
            for (var i = 0; i < changes.Count; i++)
            {
                var change = changes[i];
                if (!table.TryGetValue(change.Id, out var stored)
                    || (change.ExpectedVersion is { } expected && !Equals(stored[SystemFields.Version], expected)))
                {
                    continue;
                }
                var updated = stored.Clone();
                foreach (var (field, value) in change.Values)
                {
                    if (field != SystemFields.Id)
                    {
                        updated[field] = CanonicalValues.DeepCopy(value);
                    }
                }
                if (incrementVersion)
                {
                    updated[SystemFields.Version] = (stored[SystemFields.Version] as long? ?? 0) + 1;
                }
                CheckUnique(definition, table, updated);
                table = table.SetItem(change.Id, updated);
                written[i] = true;
            }
            return table;
        }, cancellationToken).ConfigureAwait(false);
        return written;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<bool>> DeleteAsync(ObjectDefinition definition, IReadOnlyList<string> ids, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(ids);
        var deleted = new bool[ids.Count];
        await WriteAsync(definition, transaction, table =>
        {
            for (var i = 0; i < ids.Count; i++)
            {
                if (table.ContainsKey(ids[i]))
                {
                    table = table.Remove(ids[i]);
                    deleted[i] = true;
                }
            }
            return table;
        }, cancellationToken).ConfigureAwait(false);
        return deleted;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _disposed = true;
        return ValueTask.CompletedTask;
    }

    internal void Publish(ImmutableDictionary<string, ImmutableDictionary<string, Record>> tables, ImmutableDictionary<string, long> sequences)
    {
        Volatile.Write(ref _tables, tables);
        Volatile.Write(ref _sequences, sequences);
        _writer.Release();
    }

    internal void ReleaseWriter() => _writer.Release();

    private async Task<MemoryTransaction> BeginAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new MemoryTransaction(this, Volatile.Read(ref _tables));
    }

    private ImmutableDictionary<string, Record> Table(ObjectDefinition definition, IDriverTransaction? transaction)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var tables = transaction is null ? Volatile.Read(ref _tables) : Own(transaction).Tables;
        return tables.GetValueOrDefault(definition.StorageName) ?? EmptyTable;
    }

    internal MemoryTransaction Own(IDriverTransaction transaction)
    {
        if (transaction is not MemoryTransaction own || !ReferenceEquals(own.Driver, this))
        {
            throw ObjectQLException.InvalidRequest("The transaction was not started by this memory driver.");
        }
        if (!own.IsActive)
        {
            throw ObjectQLException.InvalidRequest("The transaction has already been committed or rolled back.");
        }
        return own;
    }

    // Runs one write against a copy of the table; the copy is kept only when the whole write succeeds, so a failing
    // batch leaves nothing behind (the transaction's other writes stay as they were).
    private async Task WriteAsync(
        ObjectDefinition definition,
        IDriverTransaction? transaction,
        Func<ImmutableDictionary<string, Record>, ImmutableDictionary<string, Record>> write,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (transaction is not null)
        {
            var own = Own(transaction);
            var table = write(own.Tables.GetValueOrDefault(definition.StorageName) ?? EmptyTable);
            own.Tables = own.Tables.SetItem(definition.StorageName, table);
            return;
        }
        await using var implicitTransaction = await BeginAsync(cancellationToken).ConfigureAwait(false);
        var result = write(implicitTransaction.Tables.GetValueOrDefault(definition.StorageName) ?? EmptyTable);
        implicitTransaction.Tables = implicitTransaction.Tables.SetItem(definition.StorageName, result);
        await implicitTransaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static Record Copy(Record record)
    {
        var copy = new Record(record.Count);
        foreach (var (field, value) in record)
        {
            copy[field] = CanonicalValues.DeepCopy(value);
        }
        return copy;
    }

    private static Record Project(Record record, IReadOnlyList<string>? fields)
    {
        if (fields is null)
        {
            return Copy(record);
        }
        var projected = new Record(fields.Count + 1) { [SystemFields.Id] = record.Id };
        foreach (var field in fields)
        {
            projected[field] = CanonicalValues.DeepCopy(record[field]);
        }
        return projected;
    }
}
