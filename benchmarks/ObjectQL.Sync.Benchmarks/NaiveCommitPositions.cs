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
