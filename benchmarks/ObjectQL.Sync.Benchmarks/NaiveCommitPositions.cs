using ObjectQL.Drivers;
using ObjectQL.Metadata;
using ObjectQL.Sql;

namespace ObjectQL.Sync.Benchmarks;

/// <summary>
/// A PostgreSQL driver whose commit positions are a plain sequence number: <c>nextval</c> in the writer's transaction,
/// the sequence's last value as the settled position. This is the naive cursor the review measured the head against
/// ("throughput reference without the head row"): writers pay nothing for ordering, and a reader can skip a commit
/// still in flight below a later one. Only <see cref="HeadCostBenchmarks"/> uses it, to price the head alone: every
/// other statement of a push stays the same.
/// </summary>
internal sealed class NaiveCommitPositions(SqlDriver inner) : DelegatingDriver(inner)
{
    private readonly Lazy<Task> _created = new(() => CreateAsync(inner.Executor));

    public override async Task<long> TakeCommitPositionAsync(ObjectDefinition definition, string field, IDriverTransaction transaction, CancellationToken cancellationToken = default)
    {
        await _created.Value.WaitAsync(cancellationToken);
        return await ReadAsync(inner.Executor, "SELECT nextval('" + Sequence + "')", (ISqlTransaction)transaction, cancellationToken);
    }

    // As the head's own (SqlDriver): one statement takes the number inside the commit row's insert and returns it with
    // the settled position, so the two sides differ in the head alone.
    public override async Task<TakenCommitPosition> InsertAtCommitPositionAsync(
        ObjectDefinition definition, string field, ObjectDefinition commits, Record row, string positionField, IDriverTransaction transaction,
        CancellationToken cancellationToken = default)
    {
        await _created.Value.WaitAsync(cancellationToken);
        var table = inner.TableFor(commits);
        var values = new List<string>(table.Columns.Count);
        var arguments = new List<SqlArgument>(table.Columns.Count);
        foreach (var column in table.Columns)
        {
            if (column.Name == positionField)
            {
                values.Add("nextval('" + Sequence + "')");
            }
            else
            {
                values.Add(table.Dialect.Parameter(arguments.Count));
                arguments.Add(table.Dialect.Bind(column, row[column.Name]));
            }
        }
        var sql = "INSERT INTO " + table.QuotedName + " (" + table.SelectList + ") VALUES (" + string.Join(", ", values) + ") RETURNING "
            + table.GetColumn(positionField).QuotedName + "::bigint, (SELECT last_value FROM " + Sequence + ")";
        var (position, settled) = await inner.Executor.QueryAsync(new SqlStatement(sql, arguments), 0, static async (reader, _, ct) =>
            await reader.ReadAsync(ct) ? (reader.GetInt64(0), reader.GetInt64(1)) : (0L, 0L), (ISqlTransaction)transaction, cancellationToken);
        row[positionField] = (double)position;
        return new TakenCommitPosition(position, settled);
    }

    public override async Task<long> SettledCommitPositionAsync(ObjectDefinition definition, string field, CancellationToken cancellationToken = default)
    {
        await _created.Value.WaitAsync(cancellationToken);
        return await ReadAsync(inner.Executor, "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM " + Sequence, null, cancellationToken);
    }

    // One counter serves the benchmark's single log; its name is its own, so the head's sequence is never touched.
    private const string Sequence = "objectql_bench_naive_position";

    private static async Task CreateAsync(ISqlExecutor executor) =>
        await executor.ExecuteAsync(new SqlStatement("CREATE SEQUENCE IF NOT EXISTS " + Sequence), null, CancellationToken.None);

    private static async Task<long> ReadAsync(ISqlExecutor executor, string sql, ISqlTransaction? transaction, CancellationToken cancellationToken) =>
        await executor.QueryAsync(new SqlStatement(sql), 0, static async (reader, _, ct) =>
            await reader.ReadAsync(ct) ? reader.GetInt64(0) : 0L, transaction, cancellationToken);
}
