using System.Collections.Concurrent;
using ObjectQL.Drivers;
using ObjectQL.Metadata;
using ObjectQL.Sql.Dialects;

namespace ObjectQL.Sql;

public partial class SqlDriver : ICommitPositionDriver
{
    private readonly ConcurrentDictionary<string, Lazy<Task>> _positionSequences = new(StringComparer.Ordinal);

    // The text of InsertAtCommitPositionAsync's statement per table, position column and sequence.
    private readonly ConcurrentDictionary<(SqlTable Table, SqlColumn Position, string Sequence), string> _insertsAtPosition = new();

    /// <inheritdoc />
    /// <remarks>
    /// PostgreSQL: one statement reads the counter's sequence (c), takes a shared transaction-level advisory lock that
    /// names c (the transaction's intent, visible to readers in <c>pg_locks</c> until it ends), then <c>nextval</c>
    /// (above c). Nothing takes those locks exclusively, so writers wait for no one and commit together. SQLite: the
    /// counter of <see cref="ReserveAsync"/>; SQLite runs one writer at a time, so the counter's row lock costs nothing more.
    /// </remarks>
    public async Task<long> TakeCommitPositionAsync(ObjectDefinition definition, string field, IDriverTransaction transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(transaction);
        if (Dialect is not PostgresDialect)
        {
            return await ReserveAsync(definition, field, 1, transaction, cancellationToken).ConfigureAwait(false);
        }
        var sequence = await PositionSequenceAsync(definition, field, cancellationToken).ConfigureAwait(false);
        return await ReadPositionAsync(definition, SqlCommitPositions.TakeSql(sequence), Own(transaction), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// PostgreSQL: one statement inserts the row with the position taken inside it (the intent lock, then <c>nextval</c>,
    /// as <see cref="TakeCommitPositionAsync"/>) and returns the position and the settled one read after it, this
    /// transaction's own intent left out. SQLite: the counter's position, then the row, in two statements, with no
    /// settled position (a reader asks <see cref="SettledCommitPositionAsync"/>).
    /// </remarks>
    public async Task<TakenCommitPosition> InsertAtCommitPositionAsync(
        ObjectDefinition definition, string field, ObjectDefinition commits, Record row, string positionField, IDriverTransaction transaction,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(positionField);
        ArgumentNullException.ThrowIfNull(transaction);
        var table = TableFor(commits);
        var position = table.FindColumn(positionField) is { Field: not null } found ? found : throw ObjectQLException.InvalidRequest(
            $"'{positionField}' is not a stored field of '{commits.Name}', so it cannot hold a commit position.", positionField, "unknown_field");
        if (row.Id is not { Length: > 0 })
        {
            throw ObjectQLException.InvalidRequest($"A record of '{commits.Name}' reached the driver without an id.", SystemFields.Id, "missing_id");
        }
        CheckFields(table, row);
        if (Dialect is not PostgresDialect)
        {
            var taken = await TakeCommitPositionAsync(definition, field, transaction, cancellationToken).ConfigureAwait(false);
            row[positionField] = (double)taken;
            await InsertAsync(commits, [row], transaction, cancellationToken).ConfigureAwait(false);
            return new TakenCommitPosition(taken, null);
        }
        var sequence = await PositionSequenceAsync(definition, field, cancellationToken).ConfigureAwait(false);
        var sql = _insertsAtPosition.GetOrAdd((table, position, sequence), static key => SqlCommitPositions.InsertTakingSql(key.Table, key.Position, key.Sequence));
        var arguments = new List<SqlArgument>(table.Columns.Count - 1);
        foreach (var column in table.Columns)
        {
            if (!ReferenceEquals(column, position))
            {
                arguments.Add(Dialect.Bind(column, row[column.Name]));
            }
        }
        try
        {
            var (taken, settled) = await QueryAsync(table, new SqlStatement(sql, arguments), 0, static async (reader, _, ct) =>
                await reader.ReadAsync(ct).ConfigureAwait(false) ? (reader.GetInt64(0), reader.GetInt64(1)) : throw new InvalidOperationException("The commit row's insert returned no row."),
                Own(transaction), cancellationToken).ConfigureAwait(false);
            row[positionField] = (double)taken;
            return new TakenCommitPosition(taken, settled);
        }
        catch (Exception exception) when (Translate(exception, table) is { } failure)
        {
            throw failure;
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// PostgreSQL: one statement that reads the sequence (r), then the intent locks held now, and answers r lowered to
    /// the smallest c they name: every transaction that took a position at or below it had ended before the locks were
    /// read. It takes no lock, so neither waits for writers nor makes them wait. SQLite: the counter's committed value.
    /// </remarks>
    public async Task<long> SettledCommitPositionAsync(ObjectDefinition definition, string field, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(field);
        if (Dialect is not PostgresDialect)
        {
            var counter = new SqlStatement(SqlCommitPositions.CounterSql(Dialect),
                [new SqlArgument(definition.Name, SqlValueKind.Text), new SqlArgument(field, SqlValueKind.Text)]);
            return await ReadPositionAsync(definition, counter, null, cancellationToken).ConfigureAwait(false);
        }
        var sequence = await PositionSequenceAsync(definition, field, cancellationToken).ConfigureAwait(false);
        return await ReadPositionAsync(definition, SqlCommitPositions.SettledSql(sequence), null, cancellationToken).ConfigureAwait(false);
    }

    private async Task<long> ReadPositionAsync(ObjectDefinition definition, SqlStatement statement, ISqlTransaction? own, CancellationToken cancellationToken)
    {
        var table = TableFor(definition);
        try
        {
            return await QueryAsync(table, statement, 0, static async (reader, _, ct) =>
                await reader.ReadAsync(ct).ConfigureAwait(false) && !reader.IsNull(0) ? reader.GetInt64(0) : 0L, own, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (Translate(exception, table) is { } failure)
        {
            throw failure;
        }
    }

    // The counter's sequence, created once (outside the caller's transaction) and started above the ISequenceDriver
    // counter of the same name, so a log that counted there goes on without reusing a position.
    private async Task<string> PositionSequenceAsync(ObjectDefinition definition, string field, CancellationToken cancellationToken)
    {
        var name = SqlCommitPositions.SequenceName(definition.Name, field);
        var created = _positionSequences.GetOrAdd(name, _ => new Lazy<Task>(() => CreatePositionSequenceAsync(definition, field, name)));
        try
        {
            await created.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch when (created.Value.IsFaulted)
        {
            _positionSequences.TryRemove(new KeyValuePair<string, Lazy<Task>>(name, created));
            throw;
        }
        return name;
    }

    private async Task CreatePositionSequenceAsync(ObjectDefinition definition, string field, string sequence)
    {
        var table = TableFor(definition);
        try
        {
            await ExecuteManyAsync(table, SqlCommitPositions.CreateSequenceSql(sequence, definition.Name, field), 0, [], null, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (Translate(exception, table) is { } failure)
        {
            throw failure;
        }
    }
}
