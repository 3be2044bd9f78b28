using System.Runtime.InteropServices.JavaScript;
using ObjectQL.Browser.Interop;
using ObjectQL.Sql;
using ObjectQL.Sql.Dialects;

namespace ObjectQL.Browser;

/// <summary>
/// Runs SQL on a SQLite database held by JavaScript: sqlite-wasm in a dedicated Worker in a page (OPFS through the
/// <c>opfs-sahpool</c> VFS, IndexedDB where OPFS is missing), the runtime's own SQLite under Node, Deno and Bun. Every
/// call is one promise, never a blocking wait. One connection: a transaction holds it from begin to end, and its
/// <c>BEGIN</c> and savepoint statements ride with its next statement, so a unit of work costs one interop call per
/// statement it runs plus its commit, and a bulk write of any size is one call. The SQLite dialect is the one every
/// SQLite store shares.
/// </summary>
public sealed class BrowserSqliteExecutor : ISqlExecutor
{
    private readonly SemaphoreSlim _connection = new(1, 1);
    private Task<BrowserStorage>? _opened;
    private bool _disposed;

    /// <summary>Creates an executor for the database <paramref name="options"/> names; it opens on first use.</summary>
    public BrowserSqliteExecutor(BrowserSqliteOptions? options = null)
    {
        Options = options ?? new BrowserSqliteOptions();
        CheckName(Options.DatabaseName);
    }

    /// <summary>How the database is opened.</summary>
    public BrowserSqliteOptions Options { get; }

    /// <inheritdoc />
    public SqlDialect Dialect => SqliteDialect.Instance;

    /// <summary>
    /// A bulk write goes to the Worker in one call, however many rows it has (up to about a million arguments, where a
    /// request's text would pass a hundred megabytes): each call is a message to the Worker and back, and the
    /// interpreter pays for every request it builds and answer it parses.
    /// </summary>
    public int ArgumentsPerCall => 1 << 20;

    /// <summary>
    /// Opens the database (once; later calls return the first answer) and returns where it lives. Throws
    /// <see cref="ErrorCodes.DatabaseError"/> with reason <c>database_in_use</c> when another tab of the site holds it.
    /// </summary>
    public async ValueTask<BrowserStorage> OpenAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var opening = _opened ??= OpenCoreAsync(cancellationToken);
        try
        {
            return await opening.ConfigureAwait(false);
        }
        catch
        {
            // A refused open (another tab) may succeed later, once that tab closes.
            _ = Interlocked.CompareExchange(ref _opened, null, opening);
            throw;
        }
    }

    /// <summary>Closes the database named by <paramref name="options"/> in this page and deletes its file or image.</summary>
    public static async Task DeleteDatabaseAsync(BrowserSqliteOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        CheckName(options.DatabaseName);
        await SqliteModule.ImportAsync(options.ModuleUrl, cancellationToken).ConfigureAwait(false);
        await SqliteModule.RemoveAsync(options.DatabaseName, options.SqliteWasmUrl).ConfigureAwait(false);
    }

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
        using var response = await RunAsync(statement.Text, statement.Arguments.Count, statement.Arguments, read: true, transaction, cancellationToken).ConfigureAwait(false);
        return await read(response.Response.Rows(response.Step), state, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<int> ExecuteAsync(SqlStatement statement, ISqlTransaction? transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var affected = await ExecuteManyAsync(statement.Text, 0, statement.Arguments, transaction, cancellationToken).ConfigureAwait(false);
        return affected.Length == 0 ? 0 : affected[0];
    }

    /// <inheritdoc />
    public async ValueTask<int[]> ExecuteManyAsync(string sql, int argumentsPerRow, IReadOnlyList<SqlArgument> arguments, ISqlTransaction? transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(arguments);
        using var response = await RunAsync(sql, argumentsPerRow, arguments, read: false, transaction, cancellationToken).ConfigureAwait(false);
        return response.Response.Changes(response.Step);
    }

    /// <inheritdoc />
    public async ValueTask<ISqlTransaction> BeginTransactionAsync(TransactionIsolation isolationLevel, CancellationToken cancellationToken)
    {
        // SQLite transactions are serializable whatever is asked; BEGIN IMMEDIATE takes the write lock up front.
        await OpenAsync(cancellationToken).ConfigureAwait(false);
        await _connection.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new BrowserSqliteTransaction(this);
    }

    /// <inheritdoc />
    public SqlStoreError? ClassifyError(Exception exception) => exception switch
    {
        BrowserSqliteException sqlite => SqliteErrors.Classify(sqlite, sqlite.Message, sqlite.Code & 0xFF, sqlite.Code),
        _ => null,
    };

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        if (_opened is { IsCompletedSuccessfully: true })
        {
            await SqliteModule.CloseAsync(Options.DatabaseName).ConfigureAwait(false);
        }
        _connection.Dispose();
    }

    /// <summary>Sends one request and parses its answer; a failed step throws the store's error.</summary>
    internal async Task<BatchResponse> SendAsync(BatchRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var started = ExecutorPhases.Start();
        var (steps, arguments) = (request.ToJson(), request.Arguments);
        ExecutorPhases.Built(started);
        string json;
        started = ExecutorPhases.Start();
        try
        {
            json = await SqliteModule.RunAsync(Options.DatabaseName, steps, arguments, request.Bytes).ConfigureAwait(false);
        }
        catch (JSException exception)
        {
            throw BrowserSqliteException.From(exception);
        }
        finally
        {
            ExecutorPhases.Called(started);
        }
        started = ExecutorPhases.Start();
        try
        {
            return BatchResponse.Parse(json, out _);
        }
        finally
        {
            ExecutorPhases.Answered(started);
        }
    }

    internal void EndTransaction() => _connection.Release();

    private async Task<StepResult> RunAsync(string sql, int argumentsPerRow, IReadOnlyList<SqlArgument> arguments, bool read, ISqlTransaction? transaction, CancellationToken cancellationToken)
    {
        if (transaction is not null)
        {
            return await Own(transaction).RunAsync(sql, argumentsPerRow, arguments, read, cancellationToken).ConfigureAwait(false);
        }
        if (read)
        {
            // A read outside any transaction does not queue behind an open one (the pipeline may read beside its own
            // transaction): it runs on the store's reader connection, which sees only committed data. Its request is
            // built before the open is awaited: an app's first read (schema sync's) then builds it while the store
            // still opens.
            var query = new BatchRequest(atomic: false, reader: true).Add(sql, argumentsPerRow, arguments, read);
            await OpenAsync(cancellationToken).ConfigureAwait(false);
            return await SendOneAsync(query, 0, cancellationToken).ConfigureAwait(false);
        }
        await OpenAsync(cancellationToken).ConfigureAwait(false);
        await _connection.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Many rows outside a transaction are still all or nothing: BEGIN, the rows and COMMIT travel as one call.
            var many = !read && argumentsPerRow > 0 && arguments.Count / argumentsPerRow > 1;
            var request = new BatchRequest(atomic: many);
            if (many)
            {
                request.Add("BEGIN IMMEDIATE");
            }
            request.Add(sql, argumentsPerRow, arguments, read);
            if (many)
            {
                request.Add("COMMIT");
            }
            return await SendOneAsync(request, many ? 1 : 0, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _connection.Release();
        }
    }

    private async Task<StepResult> SendOneAsync(BatchRequest request, int step, CancellationToken cancellationToken)
    {
        try
        {
            return new StepResult(await SendAsync(request, cancellationToken).ConfigureAwait(false), step);
        }
        catch (BatchFailure failure)
        {
            throw failure.Error;
        }
    }

    private BrowserSqliteTransaction Own(ISqlTransaction transaction)
    {
        if (transaction is not BrowserSqliteTransaction own || !ReferenceEquals(own.Executor, this))
        {
            throw SqlTransactionGate.Foreign();
        }
        return own;
    }

    private async Task<BrowserStorage> OpenCoreAsync(CancellationToken cancellationToken)
    {
        await SqliteModule.ImportAsync(Options.ModuleUrl, cancellationToken).ConfigureAwait(false);
        string storage;
        try
        {
            storage = await SqliteModule.OpenAsync(Options.DatabaseName, StorageName(Options.Storage), Options.SqliteWasmUrl).ConfigureAwait(false);
        }
        catch (JSException exception)
        {
            throw CannotOpen(BrowserSqliteException.From(exception));
        }
        return storage switch
        {
            "opfs" => BrowserStorage.Opfs,
            "indexeddb" => BrowserStorage.IndexedDb,
            _ => BrowserStorage.Memory,
        };
    }

    private ObjectQLException CannotOpen(BrowserSqliteException error)
    {
        var inUse = error.Message.Contains("objectql:database-in-use", StringComparison.Ordinal);
        var message = inUse
            ? $"The browser database '{Options.DatabaseName}' is open in another tab of this site; only one tab at a time can use it. Close the other tab, or use this one."
            : $"The browser database '{Options.DatabaseName}' cannot be opened: {error.Message}";
        return new ObjectQLException(ErrorCodes.DatabaseError, message, [new ErrorDetail(nameof(BrowserSqliteOptions.DatabaseName), message, inUse ? "database_in_use" : "cannot_open")], error);
    }

    private static string StorageName(BrowserStorage storage) => storage switch
    {
        BrowserStorage.Opfs => "opfs",
        BrowserStorage.IndexedDb => "indexeddb",
        BrowserStorage.Memory => "memory",
        _ => "auto",
    };

    private static void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 100 || name[0] == '.' || !name.All(static c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw ObjectQLException.InvalidRequest(
                $"The browser database name '{name}' is not valid: use 1-100 ASCII letters, digits, '-', '_' and '.', not starting with '.'.",
                nameof(BrowserSqliteOptions.DatabaseName), "invalid_database_name");
        }
    }

    /// <summary>A parsed answer and the index of the step the caller asked about.</summary>
    internal readonly record struct StepResult(BatchResponse Response, int Step) : IDisposable
    {
        public void Dispose() => Response.Dispose();
    }
}
