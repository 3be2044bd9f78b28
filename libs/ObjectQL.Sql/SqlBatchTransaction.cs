using System.Globalization;
using ObjectQL.Drivers;

namespace ObjectQL.Sql;

/// <summary>
/// The transaction of a store that runs a batch of statements atomically but cannot hold a transaction open across
/// round trips (Cloudflare D1): writes are buffered and sent as one batch by <see cref="CommitAsync"/>; reads run at
/// once and see the committed data (docs/drivers.md, "Batch-only stores"). A write that must change a row (a
/// compare-and-swap update, a delete of a record read earlier) is followed in the batch by a guard statement that fails
/// the whole batch, naming the record, when it changed nothing. Savepoints are marks in the buffer.
/// </summary>
public sealed class SqlBatchTransaction : ISqlTransaction
{
    /// <summary>What a guard's argument starts with; the store's error message carries it back.</summary>
    public const string GuardToken = "objectql-guard:";

    private readonly Func<IReadOnlyList<SqlStatement>, CancellationToken, ValueTask<int[]>> _run;
    private readonly List<Entry> _entries = [];
    private readonly List<(string Name, int Count)> _savepoints = [];

    /// <summary>
    /// Creates a transaction of <paramref name="executor"/>; <paramref name="runBatch"/> runs statements as one atomic
    /// batch and returns the rows each changed (throwing the store's error when any fails, with nothing applied).
    /// </summary>
    public SqlBatchTransaction(ISqlExecutor executor, Func<IReadOnlyList<SqlStatement>, CancellationToken, ValueTask<int[]>> runBatch)
    {
        ArgumentNullException.ThrowIfNull(executor);
        ArgumentNullException.ThrowIfNull(runBatch);
        if (executor.Dialect.ChangedRowGuard("?") is null)
        {
            throw new ArgumentException($"The {executor.Dialect.Name} dialect has no guard statement, which a batch-only store needs.", nameof(executor));
        }
        Executor = executor;
        _run = runBatch;
    }

    /// <inheritdoc />
    public ISqlExecutor Executor { get; }

    /// <inheritdoc />
    public bool IsCompleted { get; private set; }

    /// <summary>True when the SQL driver started this transaction for one multi-statement write of its own, whose results it reads after the commit.</summary>
    internal bool StartedByDriver { get; set; }

    /// <summary>The number of statement executions buffered so far (guards not counted).</summary>
    public int Count => _entries.Count;

    /// <summary>
    /// Buffers one execution of <paramref name="sql"/> per row of <paramref name="arguments"/>, unguarded (what an
    /// executor does for <see cref="ISqlExecutor.ExecuteManyAsync"/> inside this transaction). Returns an array the
    /// commit fills with the rows each execution changed.
    /// </summary>
    public int[] Enqueue(string sql, int argumentsPerRow, IReadOnlyList<SqlArgument> arguments) =>
        Add(sql, argumentsPerRow, arguments, table: null, guard: null);

    /// <summary>
    /// Buffers one execution per row. With <paramref name="guard"/>, every execution must change a row or the commit
    /// fails with <paramref name="guard"/>'s error for that row, and the returned array already says 1 per row; without,
    /// the commit fills it in.
    /// </summary>
    internal int[] Add(string sql, int argumentsPerRow, IReadOnlyList<SqlArgument> arguments, SqlTable? table, Func<int, ObjectQLException>? guard)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(arguments);
        EnsureOpen();
        var rows = argumentsPerRow == 0 ? 1 : arguments.Count / argumentsPerRow;
        var affected = new int[rows];
        if (guard is not null)
        {
            Array.Fill(affected, 1);
        }
        var entries = new Entry[rows];
        for (var row = 0; row < rows; row++)
        {
            var values = new SqlArgument[argumentsPerRow];
            for (var i = 0; i < argumentsPerRow; i++)
            {
                values[i] = arguments[row * argumentsPerRow + i];
            }
            entries[row] = new Entry(new SqlStatement(sql, values), table, guard, row, affected);
        }
        // Calls inside one transaction may run concurrently; one write's rows stay together.
        lock (_entries)
        {
            _entries.AddRange(entries);
        }
        return affected;
    }

    /// <summary>Marks the buffer; <see cref="RollbackToSavepointAsync"/> drops what was buffered after the mark.</summary>
    public ValueTask CreateSavepointAsync(string name, CancellationToken ct = default)
    {
        SavepointNames.Check(name);
        EnsureOpen();
        lock (_entries)
        {
            _savepoints.Add((name, _entries.Count));
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>Drops the writes buffered since savepoint <paramref name="name"/>, which stays set.</summary>
    public ValueTask RollbackToSavepointAsync(string name, CancellationToken ct = default)
    {
        lock (_entries)
        {
            var at = Savepoint(name);
            var count = _savepoints[at].Count;
            _entries.RemoveRange(count, _entries.Count - count);
            _savepoints.RemoveRange(at + 1, _savepoints.Count - at - 1);
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>Forgets savepoint <paramref name="name"/> (and later ones); its writes stay buffered.</summary>
    public ValueTask ReleaseSavepointAsync(string name, CancellationToken ct = default)
    {
        lock (_entries)
        {
            var at = Savepoint(name);
            _savepoints.RemoveRange(at, _savepoints.Count - at);
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>Sends every buffered write, with its guards, as one atomic batch.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        EnsureOpen();
        IsCompleted = true;
        if (_entries.Count == 0)
        {
            return;
        }
        var dialect = Executor.Dialect;
        var guardSql = dialect.ChangedRowGuard(dialect.Parameter(0))!;
        var statements = new List<SqlStatement>(_entries.Count * 2);
        var positions = new int[_entries.Count];
        for (var i = 0; i < _entries.Count; i++)
        {
            positions[i] = statements.Count;
            statements.Add(_entries[i].Statement);
            if (_entries[i].Guard is not null)
            {
                var token = GuardToken + i.ToString(CultureInfo.InvariantCulture) + ";";
                statements.Add(new SqlStatement(guardSql, [new SqlArgument(token, SqlValueKind.Text)]));
            }
        }
        int[] changed;
        try
        {
            changed = await _run(statements, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (Executor.ClassifyError(exception) is { } error)
        {
            throw Failure(error);
        }
        for (var i = 0; i < _entries.Count; i++)
        {
            var entry = _entries[i];
            entry.Affected[entry.Row] = changed[positions[i]];
        }
    }

    /// <summary>Drops the buffered writes.</summary>
    public Task RollbackAsync(CancellationToken cancellationToken = default)
    {
        EnsureOpen();
        IsCompleted = true;
        _entries.Clear();
        return Task.CompletedTask;
    }

    /// <summary>Drops the buffered writes unless committed.</summary>
    public ValueTask DisposeAsync()
    {
        IsCompleted = true;
        _entries.Clear();
        return ValueTask.CompletedTask;
    }

    // A failed guard names its record; any other failure is classified against the table its statement wrote.
    private ObjectQLException Failure(SqlStoreError error)
    {
        var at = error.Message.IndexOf(GuardToken, StringComparison.Ordinal);
        if (at >= 0)
        {
            var start = at + GuardToken.Length;
            var end = error.Message.IndexOf(';', start);
            if (end > start && int.TryParse(error.Message.AsSpan(start, end - start), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                && index < _entries.Count && _entries[index].Guard is { } guard)
            {
                return guard(_entries[index].Row);
            }
        }
        var store = Executor.Dialect.Name;
        return TableOf(error) is { } table
            ? SqlErrors.ToException(error, table, store)
            : new ObjectQLException(ErrorCodes.DatabaseError, $"The {store} store failed: {error.Message}", null, error.Exception);
    }

    // The table the failed statement wrote: the one the store's message names (a qualified column or an index), else
    // the first table written.
    private SqlTable? TableOf(SqlStoreError error)
    {
        SqlTable? first = null;
        foreach (var entry in _entries)
        {
            if (entry.Table is not { } table)
            {
                continue;
            }
            first ??= table;
            var prefix = table.Definition.StorageName + ".";
            if (error.Columns?.Any(c => c.StartsWith(prefix, StringComparison.Ordinal)) == true
                || (error.Constraint is { } constraint && table.Indexes.Any(i => i.Name == constraint)))
            {
                return table;
            }
        }
        return first;
    }

    private int Savepoint(string name)
    {
        SavepointNames.Check(name);
        EnsureOpen();
        var at = _savepoints.FindLastIndex(s => s.Name == name);
        return at >= 0 ? at : throw SavepointNames.Unknown(name);
    }

    private void EnsureOpen()
    {
        if (IsCompleted)
        {
            throw SqlTransactionGate.Completed();
        }
    }

    private sealed record Entry(SqlStatement Statement, SqlTable? Table, Func<int, ObjectQLException>? Guard, int Row, int[] Affected);
}
