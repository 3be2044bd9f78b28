using Npgsql;
using NpgsqlTypes;
using ObjectQL.Sql;
using ObjectQL.Sql.Dialects;

namespace ObjectQL.Postgres;

/// <summary>
/// Runs SQL on PostgreSQL through an <see cref="NpgsqlDataSource"/> (pooled connections, automatic statement
/// preparation). Multi-row writes go as one pipelined <see cref="NpgsqlBatch"/>, which the server runs atomically.
/// </summary>
public sealed class PostgresExecutor : ISqlExecutor
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;

    /// <summary>Creates an executor over <paramref name="dataSource"/>; it is disposed with the executor when <paramref name="ownsDataSource"/> is true.</summary>
    public PostgresExecutor(NpgsqlDataSource dataSource, bool ownsDataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
    }

    /// <inheritdoc />
    public SqlDialect Dialect => PostgresDialect.Instance;

    /// <summary>The data source connections come from.</summary>
    public NpgsqlDataSource DataSource => _dataSource;

    /// <inheritdoc />
    public async ValueTask<TResult> QueryAsync<TState, TResult>(
        SqlStatement statement,
        TState state,
        Func<ISqlRowReader, TState, CancellationToken, ValueTask<TResult>> read,
        ISqlTransaction? transaction,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(read);
        var own = Own(transaction);
        if (own is not null)
        {
            await SqlTransactionGate.EnterAsync(own.Gate, own, cancellationToken).ConfigureAwait(false);
        }
        var connection = own?.Connection ?? await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (own is { HasHeldBack: true })
            {
                // The savepoint statements held back go first in the same round trip; the reader skips past them to the
                // query's rows, since they return none.
                await using var batch = new NpgsqlBatch(connection, own.Transaction);
                own.AddHeldBack(batch);
                var query = new NpgsqlBatchCommand(statement.Text);
                AddParameters(query.Parameters, statement.Arguments, 0, statement.Arguments.Count);
                batch.BatchCommands.Add(query);
                await using var batchReader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                return await read(new DbRowReader(batchReader), state, cancellationToken).ConfigureAwait(false);
            }
            await using var command = new NpgsqlCommand(statement.Text, connection, own?.Transaction);
            AddParameters(command.Parameters, statement.Arguments, 0, statement.Arguments.Count);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await read(new DbRowReader(reader), state, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await ReleaseAsync(own, connection).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask<int> ExecuteAsync(SqlStatement statement, ISqlTransaction? transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var affected = await ExecuteManyAsync(statement.Text, statement.Arguments.Count, statement.Arguments, transaction, cancellationToken).ConfigureAwait(false);
        return affected.Length == 0 ? 0 : affected[0];
    }

    /// <inheritdoc />
    public async ValueTask<int[]> ExecuteManyAsync(string sql, int argumentsPerRow, IReadOnlyList<SqlArgument> arguments, ISqlTransaction? transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(arguments);
        var own = Own(transaction);
        var rows = argumentsPerRow == 0 ? 1 : arguments.Count / argumentsPerRow;
        if (own is not null)
        {
            await SqlTransactionGate.EnterAsync(own.Gate, own, cancellationToken).ConfigureAwait(false);
        }
        var connection = own?.Connection ?? await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (rows == 1 && own is not { HasHeldBack: true })
            {
                await using var command = new NpgsqlCommand(sql, connection, own?.Transaction);
                AddParameters(command.Parameters, arguments, 0, argumentsPerRow);
                return [await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false)];
            }
            // Without an explicit transaction the server runs the whole batch in one implicit transaction: all or nothing.
            await using var batch = new NpgsqlBatch(connection, own?.Transaction);
            // The transaction's savepoint statements held back go first, in the same round trip.
            var first = own?.AddHeldBack(batch) ?? 0;
            for (var row = 0; row < rows; row++)
            {
                var command = new NpgsqlBatchCommand(sql);
                AddParameters(command.Parameters, arguments, row * argumentsPerRow, argumentsPerRow);
                batch.BatchCommands.Add(command);
            }
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            var affected = new int[rows];
            for (var row = 0; row < rows; row++)
            {
                affected[row] = batch.BatchCommands[first + row].RecordsAffected;
            }
            return affected;
        }
        finally
        {
            await ReleaseAsync(own, connection).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask<ISqlTransaction> BeginTransactionAsync(TransactionIsolation isolationLevel, CancellationToken cancellationToken)
    {
        var level = ToAdoNet(isolationLevel);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var transaction = await connection.BeginTransactionAsync(level, cancellationToken).ConfigureAwait(false);
            return new PostgresExecutorTransaction(this, connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // PostgreSQL's default, read committed, when none is asked; a value outside the enum is refused before a connection opens.
    private static System.Data.IsolationLevel ToAdoNet(TransactionIsolation isolationLevel) => isolationLevel switch
    {
        TransactionIsolation.Unspecified or TransactionIsolation.ReadCommitted => System.Data.IsolationLevel.ReadCommitted,
        TransactionIsolation.ReadUncommitted => System.Data.IsolationLevel.ReadUncommitted,
        TransactionIsolation.RepeatableRead => System.Data.IsolationLevel.RepeatableRead,
        TransactionIsolation.Serializable => System.Data.IsolationLevel.Serializable,
        _ => throw new ArgumentOutOfRangeException(nameof(isolationLevel), isolationLevel, "Not an isolation level of TransactionIsolation."),
    };

    /// <inheritdoc />
    public SqlStoreError? ClassifyError(Exception exception) => exception switch
    {
        PostgresException postgres => PostgresErrors.Classify(postgres),
        NpgsqlException npgsql => new SqlStoreError(SqlErrorKind.Other, npgsql.Message, npgsql),
        _ => null,
    };

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    // A transaction's connection runs one command at a time; its gate keeps concurrent calls in line.
    private static async ValueTask ReleaseAsync(PostgresExecutorTransaction? own, NpgsqlConnection connection)
    {
        if (own is null)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            own.Gate.Release();
        }
    }

    private PostgresExecutorTransaction? Own(ISqlTransaction? transaction)
    {
        if (transaction is null)
        {
            return null;
        }
        if (transaction is not PostgresExecutorTransaction own || !ReferenceEquals(own.Executor, this))
        {
            throw SqlTransactionGate.Foreign();
        }
        if (own.IsCompleted)
        {
            throw SqlTransactionGate.Completed();
        }
        return own;
    }

    private static void AddParameters(NpgsqlParameterCollection parameters, IReadOnlyList<SqlArgument> arguments, int offset, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var argument = arguments[offset + i];
            // An array argument (a bulk insert's column) goes in PostgreSQL's binary array form, its nulls as NULL elements.
            var type = argument.IsArray ? NpgsqlDbType.Array | TypeOf(argument.Kind) : TypeOf(argument.Kind);
            parameters.Add(new NpgsqlParameter { Value = argument.Value ?? DBNull.Value, NpgsqlDbType = type });
        }
    }

    private static NpgsqlDbType TypeOf(SqlValueKind kind) => kind switch
    {
        SqlValueKind.Text => NpgsqlDbType.Text,
        SqlValueKind.Integer => NpgsqlDbType.Bigint,
        SqlValueKind.Real => NpgsqlDbType.Double,
        SqlValueKind.Decimal => NpgsqlDbType.Numeric,
        SqlValueKind.Boolean => NpgsqlDbType.Boolean,
        SqlValueKind.Date => NpgsqlDbType.Date,
        SqlValueKind.Time => NpgsqlDbType.Time,
        SqlValueKind.DateTime => NpgsqlDbType.TimestampTz,
        SqlValueKind.Json => NpgsqlDbType.Jsonb,
        SqlValueKind.RealArray => NpgsqlDbType.Array | NpgsqlDbType.Real,
        _ => NpgsqlDbType.Unknown,
    };
}
