using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Data.Sqlite;
using ObjectQL.Sql;
using ObjectQL.Sql.Dialects;

namespace ObjectQL.Sqlite;

/// <summary>
/// Runs SQL on one SQLite database. Writes go through a single writer connection, one at a time (SQLite allows one
/// writer; queuing in-process avoids busy errors), while reads use a pool of reader connections that WAL lets run
/// beside the writer. Every connection keeps its prepared statements. An in-memory database has one connection only.
/// </summary>
public sealed class SqliteExecutor : ISqlExecutor
{
    private readonly string _connectionString;
    private readonly SqliteDriverOptions _options;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentBag<SqliteSession> _readers = [];
    private readonly bool _singleConnection;
    private readonly SqliteCheckpointer? _checkpointer;
    private SqliteSession? _writer;
    private bool _disposed;

    /// <summary>Creates an executor for <paramref name="connectionString"/>; connections open on first use.</summary>
    public SqliteExecutor(string connectionString, SqliteDriverOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        _options = options ?? new SqliteDriverOptions();
        if (!string.Equals(_options.Synchronous, "NORMAL", StringComparison.OrdinalIgnoreCase) && !string.Equals(_options.Synchronous, "FULL", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("Synchronous must be NORMAL or FULL.", nameof(options));
        }
        // This executor keeps its connections open and owns their prepared statements, so the provider's pool would only
        // hold files open after disposal.
        var builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = false };
        _connectionString = builder.ToString();
        _singleConnection = builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:";
        _checkpointer = _singleConnection || !_options.BackgroundCheckpoints ? null : new SqliteCheckpointer(_connectionString);
    }

    /// <inheritdoc />
    public SqlDialect Dialect => SqliteDialect.WithJsonTextLists;

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
        if (transaction is not null)
        {
            var own = Session(transaction, out var gate);
            await SqlTransactionGate.EnterAsync(gate, transaction, cancellationToken).ConfigureAwait(false);
            try
            {
                return await RunQueryAsync(own, statement, state, read, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        }
        if (_singleConnection)
        {
            await AcquireWriterAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await RunQueryAsync(Writer(), statement, state, read, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _writeLock.Release();
            }
        }
        var session = RentReader();
        try
        {
            return await RunQueryAsync(session, statement, state, read, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _readers.Add(session);
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
        var rows = argumentsPerRow == 0 ? 1 : arguments.Count / argumentsPerRow;
        if (transaction is not null)
        {
            var session = Session(transaction, out var gate);
            await SqlTransactionGate.EnterAsync(gate, transaction, cancellationToken).ConfigureAwait(false);
            try
            {
                return Run(session, sql, argumentsPerRow, arguments, rows, cancellationToken);
            }
            finally
            {
                gate.Release();
            }
        }
        await AcquireWriterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var writer = Writer();
            try
            {
                if (rows == 1)
                {
                    return Run(writer, sql, argumentsPerRow, arguments, rows, cancellationToken);
                }
                using var local = writer.Connection.BeginTransaction(deferred: false);
                writer.Transaction = local;
                try
                {
                    var affected = Run(writer, sql, argumentsPerRow, arguments, rows, cancellationToken);
                    local.Commit();
                    return affected;
                }
                finally
                {
                    writer.Transaction = null;
                }
            }
            finally
            {
                _checkpointer?.AfterWrite(writer.Connection);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask<ISqlTransaction> BeginTransactionAsync(TransactionIsolation isolationLevel, CancellationToken cancellationToken)
    {
        // SQLite transactions are serializable whatever is asked; BEGIN IMMEDIATE takes the write lock up front so a
        // transaction never fails half-way on a lock upgrade.
        await AcquireWriterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var writer = Writer();
            writer.Transaction = writer.Connection.BeginTransaction(deferred: false);
            return new SqliteExecutorTransaction(this, writer);
        }
        catch
        {
            _writeLock.Release();
            throw;
        }
    }

    /// <inheritdoc />
    public SqlStoreError? ClassifyError(Exception exception) =>
        exception is SqliteException sqlite ? SqliteErrors.Classify(sqlite, sqlite.Message, sqlite.SqliteErrorCode, sqlite.SqliteExtendedErrorCode) : null;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        // The copies stop first: the writer's close then copies what is left of the log.
        if (_checkpointer is not null)
        {
            await _checkpointer.DisposeAsync().ConfigureAwait(false);
        }
        _writer?.Dispose();
        while (_readers.TryTake(out var reader))
        {
            reader.Dispose();
        }
        _writeLock.Dispose();
    }

    private async Task AcquireWriterAsync(CancellationToken cancellationToken)
    {
        if (!await _writeLock.WaitAsync(_options.WriteLockTimeout, cancellationToken).ConfigureAwait(false))
        {
            throw new ObjectQLException(
                ErrorCodes.DatabaseError,
                $"Waited {_options.WriteLockTimeout.TotalSeconds:0} s for the SQLite writer: another write or an open transaction of this driver holds it. " +
                "A call made while a transaction is open must pass that transaction.");
        }
    }

    internal void EndTransaction(SqliteSession session)
    {
        session.Transaction?.Dispose();
        session.Transaction = null;
        _checkpointer?.AfterWrite(session.Connection);
        _writeLock.Release();
    }

    private static async ValueTask<TResult> RunQueryAsync<TState, TResult>(
        SqliteSession session,
        SqlStatement statement,
        TState state,
        Func<ISqlRowReader, TState, CancellationToken, ValueTask<TResult>> read,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var arguments = statement.Arguments;
        var command = session.Command(statement.Text, arguments.Count, out var cached);
        try
        {
            SqliteSession.Bind(command, arguments, 0, arguments.Count);
            using var reader = command.ExecuteReader();
            try
            {
                return await read(session.Rows.Reset(reader), state, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                session.Rows.Reset(null);
            }
        }
        finally
        {
            if (!cached)
            {
                command.Dispose();
            }
        }
    }

    private static int[] Run(SqliteSession session, string sql, int argumentsPerRow, IReadOnlyList<SqlArgument> arguments, int rows, CancellationToken cancellationToken)
    {
        // Rows of a bulk write in a transaction go through the connection's own statement (SqliteRowStatement), unless a
        // value is one only the command binds. Single statements keep the command: its busy handling covers a write
        // outside a transaction, and they are no bulk of values.
        ReadOnlySpan<SqlArgument> values = arguments switch
        {
            SqlArgument[] whole => whole,
            ArraySegment<SqlArgument> segment => segment,
            _ => default,
        };
        if (rows > 1 && session.Transaction is not null && values.Length == arguments.Count && SqliteRowStatement.Binds(values))
        {
            var statement = session.RowStatement(sql, argumentsPerRow, out var kept);
            if (statement is not null)
            {
                try
                {
                    var done = new int[rows];
                    for (var row = 0; row < rows; row++)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        done[row] = statement.Execute(values.Slice(row * argumentsPerRow, argumentsPerRow));
                    }
                    return done;
                }
                finally
                {
                    if (!kept)
                    {
                        statement.Dispose();
                    }
                }
            }
        }
        var command = session.Command(sql, argumentsPerRow, out var cached);
        try
        {
            var affected = new int[rows];
            for (var row = 0; row < rows; row++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                SqliteSession.Bind(command, arguments, row * argumentsPerRow, argumentsPerRow);
                affected[row] = command.ExecuteNonQuery();
            }
            return affected;
        }
        finally
        {
            if (!cached)
            {
                command.Dispose();
            }
        }
    }

    // A connection runs one command at a time; the gate keeps concurrent calls inside one transaction in line.
    private SqliteSession Session(ISqlTransaction transaction, out SemaphoreSlim gate)
    {
        if (transaction is not SqliteExecutorTransaction own || !ReferenceEquals(own.Executor, this))
        {
            throw SqlTransactionGate.Foreign();
        }
        if (own.IsCompleted)
        {
            throw SqlTransactionGate.Completed();
        }
        gate = own.Gate;
        return own.Session;
    }

    private SqliteSession Writer()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _writer ??= Open();
    }

    private SqliteSession RentReader()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _readers.TryTake(out var session) ? session : Open();
    }

    private SqliteSession Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.DefaultTimeout = Math.Max(1, (int)Math.Ceiling(_options.BusyTimeout.TotalSeconds));
        try
        {
            Prepare(connection);
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw CannotOpen(connection.DataSource, e);
        }
        return new SqliteSession(connection, _options.StatementCacheSize);
    }

    // A missing folder or a file that is not a database surfaces here, at the first connection: name the file and why.
    private static ObjectQLException CannotOpen(string file, SqliteException e)
    {
        var (reason, why) = e.SqliteErrorCode switch
        {
            26 => ("not_a_database", "it is not an SQLite database"),
            14 => ("cannot_open", "the file cannot be opened or created (does its folder exist, and may this process write there?)"),
            _ => ("cannot_open", e.Message),
        };
        var message = $"The SQLite database '{file}' cannot be used: {why}.";
        return new ObjectQLException(ErrorCodes.DatabaseError, message, [new ErrorDetail("Data Source", message, reason)], e);
    }

    private void Prepare(SqliteConnection connection)
    {
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            var busy = ((long)_options.BusyTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
            pragma.CommandText =
                $"PRAGMA busy_timeout = {busy}; PRAGMA foreign_keys = {(_options.ForeignKeys ? "ON" : "OFF")}; PRAGMA synchronous = {_options.Synchronous.ToUpperInvariant()};";
            pragma.ExecuteNonQuery();
            if (!_singleConnection)
            {
                // WAL is a property of the file: readers then never block the writer nor the writer them.
                pragma.CommandText = "PRAGMA journal_mode = WAL;";
                pragma.ExecuteNonQuery();
                if (_checkpointer is not null)
                {
                    pragma.CommandText = $"PRAGMA wal_autocheckpoint = {SqliteCheckpointer.BackstopPages};";
                    pragma.ExecuteNonQuery();
                }
            }
        }
    }
}
