using System.Collections.Concurrent;
using ObjectQL.Drivers;
using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Sql.Observability;

namespace ObjectQL.Sql;

/// <summary>
/// The driver every SQL store shares: the query AST compiled by <see cref="SqlCompiler"/>, schema sync by
/// <see cref="SchemaSynchronizer"/>, records read without reflection by the dialect's per-type reader, and the store's
/// client library behind an <see cref="ISqlExecutor"/>.
/// </summary>
public partial class SqlDriver : IObjectQLDriver, ITransactionModelDriver, IInternalTablesDriver, IDiagnosticsDriver, IForeignKeyDriver
{
    private static readonly IReadOnlyList<string> OwnTables = Array.AsReadOnly([SqlSequences.TableName, SchemaStates.TableName]);

    private readonly ConcurrentDictionary<ObjectDefinition, SqlTable> _tables = new(ReferenceEqualityComparer.Instance);
    private readonly Func<ObjectDefinition, SqlTable> _createTable;
    private readonly SqlCommands _commands;

    /// <summary>Creates a driver over <paramref name="executor"/>; the driver owns it and disposes it.</summary>
    public SqlDriver(ISqlExecutor executor)
    {
        ArgumentNullException.ThrowIfNull(executor);
        Executor = executor;
        _createTable = definition => new SqlTable(definition, Executor.Dialect);
        _commands = new SqlCommands(executor);
    }

    /// <inheritdoc />
    public virtual string Name => Executor.Dialect.Name;

    /// <summary>The executor statements run on.</summary>
    public ISqlExecutor Executor { get; }

    /// <summary>The dialect.</summary>
    public SqlDialect Dialect => Executor.Dialect;

    /// <inheritdoc />
    public TransactionModel TransactionModel => Executor.TransactionModel;

    /// <summary>
    /// Whether schema sync declares foreign keys for single-valued <c>lookup</c>/<c>master_detail</c> fields whose target
    /// is in the model (docs/relationships.md): off here, on by default for the SQLite and PostgreSQL drivers. Read when
    /// the store is prepared; a sync client's plugin turns it off, its store being a partial replica.
    /// </summary>
    public bool ForeignKeys { get; set; }

    /// <summary>
    /// Whether schema sync stores a fingerprint of the model's schema and skips its check when an open's model gives the
    /// stored one (docs/drivers.md): for a store nothing but this application changes, such as the browser's. Off here;
    /// a store that a person or another program may alter keeps the full check at every open.
    /// </summary>
    public bool TrustStoredSchema { get; set; }

    /// <summary>The tables the driver keeps for itself: the <c>auto_number</c> counters and schema sync's record of each object.</summary>
    public IReadOnlyList<string> InternalTables => OwnTables;

    /// <summary>The storage shape of <paramref name="definition"/> (built once per definition).</summary>
    public SqlTable TableFor(ObjectDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return _tables.GetOrAdd(definition, _createTable);
    }

    /// <summary>
    /// Takes the database's diagnostics settings: statements are logged at Debug to
    /// <see cref="ObjectQLDiagnosticsOptions.LoggerFactory"/> (category <see cref="SqlTelemetry.LoggerCategory"/>), values
    /// hidden unless <see cref="ObjectQLDiagnosticsOptions.LogParameterValues"/>.
    /// </summary>
    public void UseDiagnostics(ObjectQLDiagnosticsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _commands.Configure(options);
    }

    /// <inheritdoc />
    public async Task InitializeAsync(ObjectModel model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var tables = model.Objects.Select(TableFor).ToArray();
        // Store errors are reported against the table whose statement failed.
        await SchemaSynchronizer.SyncAsync(Executor, tables, Translate, ForeignKeys, TrustStoredSchema, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IDriverTransaction> BeginTransactionAsync(TransactionIsolation isolationLevel = TransactionIsolation.Unspecified, CancellationToken cancellationToken = default) =>
        await Executor.BeginTransactionAsync(isolationLevel, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<IReadOnlyList<Record>> FindAsync(ObjectDefinition definition, Query query, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        var table = TableFor(definition);
        var compiled = SqlCompiler.Find(table, query);
        return await ReadRecordsAsync(table, compiled.Statement, compiled.Columns, transaction, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<Record?> FindOneAsync(ObjectDefinition definition, string id, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        var table = TableFor(definition);
        var statement = new SqlStatement(table.FindByIdSql, [new SqlArgument(id, SqlValueKind.Text)]);
        try
        {
            return await QueryAsync(table, statement, table, static async (reader, table, ct) =>
                await reader.ReadAsync(ct).ConfigureAwait(false) ? ReadRecord(reader, table.Dialect, table.Columns) : null,
                Own(transaction), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (Translate(exception, table) is { } failure)
        {
            throw failure;
        }
    }

    /// <inheritdoc />
    public async Task<long> CountAsync(ObjectDefinition definition, Filter? where, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        var table = TableFor(definition);
        var statement = SqlCompiler.Count(table, where);
        try
        {
            return await QueryAsync(table, statement, 0, static async (reader, _, ct) =>
                await reader.ReadAsync(ct).ConfigureAwait(false) ? reader.GetInt64(0) : 0L,
                Own(transaction), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (Translate(exception, table) is { } failure)
        {
            throw failure;
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Record>> AggregateAsync(ObjectDefinition definition, Query query, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        var table = TableFor(definition);
        var compiled = SqlCompiler.Aggregate(table, query);
        try
        {
            return await QueryAsync(table, compiled.Statement, (table.Dialect, compiled.Slots), static async (reader, state, ct) =>
            {
                var (dialect, slots) = state;
                var rows = new List<Record>();
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    var record = new Record(slots.Count);
                    var ordinal = 0;
                    foreach (var slot in slots)
                    {
                        if (slot.SumAndCount)
                        {
                            var count = reader.GetInt64(ordinal + 1);
                            record[slot.Name] = count == 0 ? null : (decimal)dialect.ReadValue(reader, ordinal, SqlValueKind.Decimal) / count;
                            ordinal += 2;
                        }
                        else
                        {
                            record[slot.Name] = ReadAggregate(reader, ordinal++, dialect, slot);
                        }
                    }
                    rows.Add(record);
                }
                return (IReadOnlyList<Record>)rows;
            }, Own(transaction), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (Translate(exception, table) is { } failure)
        {
            throw failure;
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<object>> DistinctAsync(ObjectDefinition definition, string field, Filter? where, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        var table = TableFor(definition);
        var compiled = SqlCompiler.Distinct(table, field, where);
        try
        {
            return await QueryAsync(table, compiled.Statement, (table.Dialect, compiled.Columns[0]), static async (reader, state, ct) =>
            {
                var values = new List<object>();
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    values.Add(state.Item1.Read(reader, 0, state.Item2)!);
                }
                return (IReadOnlyList<object>)values;
            }, Own(transaction), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (Translate(exception, table) is { } failure)
        {
            throw failure;
        }
    }

    /// <inheritdoc />
    public virtual async ValueTask DisposeAsync()
    {
        await Executor.DisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>Reads the current row into a record, one typed read per column (no reflection).</summary>
    internal static Record ReadRecord(ISqlRowReader reader, SqlDialect dialect, IReadOnlyList<SqlColumn> columns)
    {
        var record = new Record(columns.Count);
        for (var i = 0; i < columns.Count; i++)
        {
            record[columns[i].Name] = dialect.Read(reader, i, columns[i]);
        }
        return record;
    }

    private static object? ReadAggregate(ISqlRowReader reader, int ordinal, SqlDialect dialect, AggregateSlot slot)
    {
        if (reader.IsNull(ordinal))
        {
            return null;
        }
        return slot.Function switch
        {
            null => dialect.Read(reader, ordinal, slot.Column!),
            AggregateFunction.Count => reader.GetInt64(ordinal),
            AggregateFunction.Sum or AggregateFunction.Avg when slot.Column!.Kind == SqlValueKind.Decimal => dialect.ReadValue(reader, ordinal, SqlValueKind.Decimal),
            AggregateFunction.Sum when slot.Column.Kind == SqlValueKind.Integer => (long)(decimal)dialect.ReadValue(reader, ordinal, SqlValueKind.Decimal),
            AggregateFunction.Sum or AggregateFunction.Avg => dialect.ReadValue(reader, ordinal, SqlValueKind.Real),
            _ => dialect.ReadValue(reader, ordinal, slot.Column!.Kind),
        };
    }

    private async Task<IReadOnlyList<Record>> ReadRecordsAsync(SqlTable table, SqlStatement statement, IReadOnlyList<SqlColumn> columns, IDriverTransaction? transaction, CancellationToken cancellationToken)
    {
        try
        {
            return await QueryAsync(table, statement, (table.Dialect, columns), static async (reader, state, ct) =>
            {
                var rows = new List<Record>();
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    rows.Add(ReadRecord(reader, state.Dialect, state.columns));
                }
                return (IReadOnlyList<Record>)rows;
            }, Own(transaction), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (Translate(exception, table) is { } failure)
        {
            throw failure;
        }
    }

    // Every statement the pipeline causes goes through these two, so it is observed when someone listens and costs one
    // check when nobody does.
    private ValueTask<TResult> QueryAsync<TState, TResult>(
        SqlTable table, SqlStatement statement, TState state, Func<ISqlRowReader, TState, CancellationToken, ValueTask<TResult>> read,
        ISqlTransaction? transaction, CancellationToken cancellationToken) =>
        _commands.IsEnabled
            ? _commands.QueryAsync(table, statement, state, read, transaction, cancellationToken)
            : Executor.QueryAsync(statement, state, read, transaction, cancellationToken);

    private ValueTask<int[]> ExecuteManyAsync(
        SqlTable table, string sql, int argumentsPerRow, IReadOnlyList<SqlArgument> arguments, ISqlTransaction? transaction, CancellationToken cancellationToken) =>
        _commands.IsEnabled
            ? _commands.ExecuteManyAsync(table, sql, argumentsPerRow, arguments, transaction, cancellationToken)
            : Executor.ExecuteManyAsync(sql, argumentsPerRow, arguments, transaction, cancellationToken);

    /// <summary>The executor transaction behind <paramref name="transaction"/>; a foreign or finished one is a caller error.</summary>
    private ISqlTransaction? Own(IDriverTransaction? transaction)
    {
        if (transaction is null)
        {
            return null;
        }
        if (transaction is not ISqlTransaction own || !ReferenceEquals(own.Executor, Executor))
        {
            throw ObjectQLException.InvalidRequest($"The transaction was not started by this {Name} driver.", null, "foreign_transaction");
        }
        if (own.IsCompleted)
        {
            throw SqlTransactionGate.Completed();
        }
        return own;
    }

    /// <summary>
    /// The error for a failure of a statement on <paramref name="table"/>: the executor classifies it, <see cref="SqlErrors"/>
    /// maps it; null when it is no store failure (it then passes unchanged).
    /// </summary>
    private ObjectQLException? Translate(Exception exception, SqlTable table) =>
        Executor.ClassifyError(exception) is { } error ? SqlErrors.ToException(error, table, Name) : null;
}
