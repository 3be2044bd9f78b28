using ObjectQL.Metadata;
using ObjectQL.Querying;

namespace ObjectQL.Drivers;

/// <summary>
/// The base of driver decorators (a cache, a counter, a test pass-through): every call, including every optional
/// capability, goes to the driver underneath unless a derived class overrides it. It implements all capability
/// interfaces, and <see cref="GetCapability{TCapability}"/> answers which the driver underneath really has, so asking
/// through <see cref="DriverCapabilities"/> sees exactly the inner driver's capabilities: a decorator cannot drop one
/// by forgetting it. To hide one on purpose, override <see cref="GetCapability{TCapability}"/>.
/// </summary>
public abstract class DelegatingDriver : IObjectQLDriver, ISequenceDriver, ITypedReadDriver, ITypedWriteDriver, IVersionIncrementingDriver, ITransactionModelDriver, IInternalTablesDriver, IDiagnosticsDriver, ICommitPositionDriver, IDatabaseClockDriver, IForeignKeyDriver, IJsonRowsDriver, IPulledPagesDriver
{
    private int _disposed;

    /// <summary>Creates a decorator over <paramref name="inner"/>, which it disposes with itself.</summary>
    protected DelegatingDriver(IObjectQLDriver inner) => Inner = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <summary>The driver every call goes to.</summary>
    protected IObjectQLDriver Inner { get; }

    /// <summary>This decorator as <typeparamref name="TCapability"/> when the driver underneath has that capability, else null.</summary>
    public virtual TCapability? GetCapability<TCapability>()
        where TCapability : class => DriverCapabilities.Has<TCapability>(Inner) ? this as TCapability : null;

    /// <inheritdoc />
    public virtual string Name => Inner.Name;

    /// <inheritdoc />
    public virtual TransactionModel TransactionModel => DriverCapabilities.TransactionModelOf(Inner);

    /// <inheritdoc />
    public virtual IReadOnlyList<string> InternalTables => DriverCapabilities.InternalTablesOf(Inner);

    /// <inheritdoc />
    public virtual void UseDiagnostics(ObjectQLDiagnosticsOptions options) => DriverCapabilities.Get<IDiagnosticsDriver>(Inner)?.UseDiagnostics(options);

    /// <inheritdoc />
    public virtual bool ForeignKeys
    {
        get => DriverCapabilities.Get<IForeignKeyDriver>(Inner)?.ForeignKeys ?? false;
        set => Required<IForeignKeyDriver>().ForeignKeys = value;
    }

    /// <inheritdoc />
    public virtual Task InitializeAsync(ObjectModel model, CancellationToken cancellationToken = default) => Inner.InitializeAsync(model, cancellationToken);

    /// <inheritdoc />
    public virtual Task<IDriverTransaction> BeginTransactionAsync(TransactionIsolation isolationLevel = TransactionIsolation.Unspecified, CancellationToken cancellationToken = default) =>
        Inner.BeginTransactionAsync(isolationLevel, cancellationToken);

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<Record>> FindAsync(ObjectDefinition definition, Query query, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        Inner.FindAsync(definition, query, transaction, cancellationToken);

    /// <inheritdoc />
    public virtual Task<Record?> FindOneAsync(ObjectDefinition definition, string id, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        Inner.FindOneAsync(definition, id, transaction, cancellationToken);

    /// <inheritdoc />
    public virtual Task<long> CountAsync(ObjectDefinition definition, Filter? where, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        Inner.CountAsync(definition, where, transaction, cancellationToken);

    /// <inheritdoc />
    public virtual Task InsertAsync(ObjectDefinition definition, IReadOnlyList<Record> records, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        Inner.InsertAsync(definition, records, transaction, cancellationToken);

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<bool>> UpdateAsync(ObjectDefinition definition, IReadOnlyList<RecordChange> changes, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        Inner.UpdateAsync(definition, changes, transaction, cancellationToken);

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<bool>> DeleteAsync(ObjectDefinition definition, IReadOnlyList<string> ids, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        Inner.DeleteAsync(definition, ids, transaction, cancellationToken);

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<Record>> AggregateAsync(ObjectDefinition definition, Query query, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        Inner.AggregateAsync(definition, query, transaction, cancellationToken);

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<object>> DistinctAsync(ObjectDefinition definition, string field, Filter? where, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        Inner.DistinctAsync(definition, field, where, transaction, cancellationToken);

    /// <inheritdoc />
    public virtual Task<long> ReserveAsync(ObjectDefinition definition, string field, int count, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        Required<ISequenceDriver>().ReserveAsync(definition, field, count, transaction, cancellationToken);

    /// <inheritdoc />
    public virtual Task<long> TakeCommitPositionAsync(ObjectDefinition definition, string field, IDriverTransaction transaction, CancellationToken cancellationToken = default) =>
        Required<ICommitPositionDriver>().TakeCommitPositionAsync(definition, field, transaction, cancellationToken);

    /// <inheritdoc />
    public virtual Task<TakenCommitPosition> InsertAtCommitPositionAsync(
        ObjectDefinition definition, string field, ObjectDefinition commits, Record row, string positionField, IDriverTransaction transaction,
        CancellationToken cancellationToken = default) =>
        Required<ICommitPositionDriver>().InsertAtCommitPositionAsync(definition, field, commits, row, positionField, transaction, cancellationToken);

    /// <inheritdoc />
    public virtual Task<long> SettledCommitPositionAsync(ObjectDefinition definition, string field, CancellationToken cancellationToken = default) =>
        Required<ICommitPositionDriver>().SettledCommitPositionAsync(definition, field, cancellationToken);

    /// <inheritdoc />
    public virtual Task<DateTimeOffset?> DatabaseNowAsync(CancellationToken cancellationToken = default) =>
        Required<IDatabaseClockDriver>().DatabaseNowAsync(cancellationToken);

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<TEntity>> FindAsync<TEntity>(ObjectDefinition definition, Query query, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
        where TEntity : class, IEntity<TEntity> =>
        Required<ITypedReadDriver>().FindAsync<TEntity>(definition, query, transaction, cancellationToken);

    /// <inheritdoc />
    public virtual Task<TEntity?> FindOneAsync<TEntity>(ObjectDefinition definition, string id, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
        where TEntity : class, IEntity<TEntity> =>
        Required<ITypedReadDriver>().FindOneAsync<TEntity>(definition, id, transaction, cancellationToken);

    /// <inheritdoc />
    public virtual Task InsertAsync<TEntity>(ObjectDefinition definition, IReadOnlyList<TEntity> entities, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
        where TEntity : class, IEntity<TEntity> =>
        Required<ITypedWriteDriver>().InsertAsync(definition, entities, transaction, cancellationToken);

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<bool>> UpdateIncrementingVersionAsync(
        ObjectDefinition definition, IReadOnlyList<RecordChange> changes, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        Required<IVersionIncrementingDriver>().UpdateIncrementingVersionAsync(definition, changes, transaction, cancellationToken);

    /// <inheritdoc />
    public virtual bool CanReadFromJson(FieldDefinition field) => DriverCapabilities.Get<IJsonRowsDriver>(Inner)?.CanReadFromJson(field) ?? false;

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<string>> InsertFromJsonAsync(ObjectDefinition definition, JsonRows rows, IDriverTransaction? transaction, CancellationToken cancellationToken) =>
        Required<IJsonRowsDriver>().InsertFromJsonAsync(definition, rows, transaction, cancellationToken);

    /// <inheritdoc />
    public virtual bool CanUpsertFromJson(ObjectDefinition definition) => DriverCapabilities.Get<IJsonRowsDriver>(Inner)?.CanUpsertFromJson(definition) ?? false;

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<string>> UpsertFromJsonAsync(
        ObjectDefinition definition, JsonRows rows, string? newerBy, IDriverTransaction? transaction, CancellationToken cancellationToken) =>
        Required<IJsonRowsDriver>().UpsertFromJsonAsync(definition, rows, newerBy, transaction, cancellationToken);

    /// <inheritdoc />
    public virtual Task<string> RunPullStepAsync(PulledPagesPlan plan, string step, byte[]? body, IDriverTransaction? transaction, CancellationToken cancellationToken) =>
        Required<IPulledPagesDriver>().RunPullStepAsync(plan, step, body, transaction, cancellationToken);

    /// <summary>Disposes the inner driver, once however often this is called (the database and a test may both do it).</summary>
    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return Interlocked.Exchange(ref _disposed, 1) == 0 ? Inner.DisposeAsync() : ValueTask.CompletedTask;
    }

    /// <summary>The inner driver's <typeparamref name="TCapability"/>; a call for one it lacks is refused.</summary>
    protected TCapability Required<TCapability>()
        where TCapability : class =>
        DriverCapabilities.Get<TCapability>(Inner)
        ?? throw new ObjectQLException(ErrorCodes.DriverUnsupportedOperation,
            $"The {Inner.Name} driver does not implement {typeof(TCapability).Name}; ask DriverCapabilities before calling it.");
}
