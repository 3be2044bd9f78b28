using Npgsql;
using ObjectQL.Sql;
using ObjectQL.Testing.Postgres;

namespace ObjectQL.Postgres.Tests;

/// <summary>
/// The executor's savepoints on PostgreSQL: SAVEPOINT and RELEASE travel in front of the transaction's next statement,
/// in its round trip, and behave exactly as if each had been sent alone.
/// </summary>
[TestFixture]
public sealed class PostgresSavepointTests
{
    private string _connectionString = null!;
    private PostgresExecutor _executor = null!;

    [SetUp]
    public async Task SetUp()
    {
        _connectionString = PostgresCluster.CreateSchema("savepoint");
        _executor = new PostgresExecutor(NpgsqlDataSource.Create(_connectionString), ownsDataSource: true);
        await _executor.ExecuteAsync(new SqlStatement("CREATE TABLE sp_note (id text PRIMARY KEY)"), null, CancellationToken.None);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _executor.DisposeAsync();
        PostgresCluster.DropSchema(_connectionString);
    }

    [Test]
    public async Task Savepoint_reaches_the_server_with_the_next_statement_not_alone()
    {
        await using var transaction = await _executor.BeginTransactionAsync(TransactionIsolation.ReadCommitted, CancellationToken.None);
        var pid = await ScalarAsync("SELECT pg_backend_pid()::bigint", transaction);
        await InsertAsync("a", transaction);
        await transaction.CreateSavepointAsync("held");
        // pg_stat_activity shows the last statement a backend ran: still the insert, so SAVEPOINT cost no round trip.
        Assert.That(await LastStatementOfAsync(pid), Does.StartWith("INSERT INTO sp_note"));
        await InsertAsync("b", transaction);
        await transaction.RollbackToSavepointAsync("held");
        await transaction.CommitAsync();
        Assert.That(await IdsAsync(null), Is.EqualTo(new[] { "a" }));
    }

    [Test]
    public async Task Failing_statement_sent_with_a_held_savepoint_rolls_back_to_it_and_the_transaction_goes_on()
    {
        await using var transaction = await _executor.BeginTransactionAsync(TransactionIsolation.ReadCommitted, CancellationToken.None);
        await InsertAsync("a", transaction);
        await transaction.CreateSavepointAsync("attempt");
        var failure = Assert.CatchAsync<PostgresException>(async () => await InsertAsync("a", transaction));
        Assert.That(failure!.SqlState, Is.EqualTo(PostgresErrorCodes.UniqueViolation));
        await transaction.RollbackToSavepointAsync("attempt");
        await InsertAsync("b", transaction);
        await transaction.ReleaseSavepointAsync("attempt");
        await transaction.CommitAsync();
        Assert.That(await IdsAsync(null), Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public async Task Query_after_held_savepoints_reads_its_own_rows()
    {
        await using var transaction = await _executor.BeginTransactionAsync(TransactionIsolation.ReadCommitted, CancellationToken.None);
        await InsertAsync("a", transaction);
        await transaction.CreateSavepointAsync("outer");
        await transaction.CreateSavepointAsync("inner");
        Assert.That(await IdsAsync(transaction), Is.EqualTo(new[] { "a" }));
        await transaction.ReleaseSavepointAsync("inner");
        Assert.That(await ScalarAsync("SELECT count(*) FROM sp_note", transaction), Is.EqualTo(1));
        await transaction.RollbackToSavepointAsync("outer");
        await transaction.CommitAsync();
        Assert.That(await IdsAsync(null), Is.EqualTo(new[] { "a" }));
    }

    [Test]
    public async Task Savepoints_of_one_name_nest_and_released_ones_are_refused()
    {
        await using var transaction = await _executor.BeginTransactionAsync(TransactionIsolation.ReadCommitted, CancellationToken.None);
        await transaction.CreateSavepointAsync("same");
        await InsertAsync("a", transaction);
        await transaction.CreateSavepointAsync("same");
        await InsertAsync("b", transaction);
        await transaction.RollbackToSavepointAsync("same");
        Assert.That(await IdsAsync(transaction), Is.EqualTo(new[] { "a" }));
        await transaction.ReleaseSavepointAsync("same");
        await transaction.RollbackToSavepointAsync("same");
        Assert.That(await IdsAsync(transaction), Is.Empty);
        await transaction.ReleaseSavepointAsync("same");
        // Nothing ran inside the last one: released before reaching the server, and known gone all the same.
        await transaction.CreateSavepointAsync("empty");
        await transaction.ReleaseSavepointAsync("empty");
        var error = Assert.CatchAsync<ObjectQLException>(async () => await transaction.ReleaseSavepointAsync("empty"));
        Assert.That(error!.Details[0].Reason, Is.EqualTo("unknown_savepoint"));
        error = Assert.CatchAsync<ObjectQLException>(async () => await transaction.RollbackToSavepointAsync("same"));
        Assert.That(error!.Details[0].Reason, Is.EqualTo("unknown_savepoint"));
        await InsertAsync("c", transaction);
        await transaction.CommitAsync();
        Assert.That(await IdsAsync(null), Is.EqualTo(new[] { "c" }));
    }

    [Test]
    public async Task Savepoints_still_held_back_at_commit_are_dropped_with_it()
    {
        await using (var transaction = await _executor.BeginTransactionAsync(TransactionIsolation.ReadCommitted, CancellationToken.None))
        {
            await InsertAsync("a", transaction);
            await transaction.CreateSavepointAsync("left_open");
            await transaction.CommitAsync();
        }
        await using (var transaction = await _executor.BeginTransactionAsync(TransactionIsolation.ReadCommitted, CancellationToken.None))
        {
            await InsertAsync("b", transaction);
            await transaction.CreateSavepointAsync("left_open");
            await transaction.RollbackAsync();
        }
        Assert.That(await IdsAsync(null), Is.EqualTo(new[] { "a" }));
    }

    private ValueTask<int> InsertAsync(string id, ISqlTransaction transaction) =>
        _executor.ExecuteAsync(new SqlStatement("INSERT INTO sp_note (id) VALUES ($1)", [new SqlArgument(id, SqlValueKind.Text)]), transaction, CancellationToken.None);

    private ValueTask<long> ScalarAsync(string sql, ISqlTransaction? transaction) =>
        _executor.QueryAsync(new SqlStatement(sql), 0, static async (reader, _, ct) =>
        {
            Assert.That(await reader.ReadAsync(ct), Is.True);
            return reader.GetInt64(0);
        }, transaction, CancellationToken.None);

    private ValueTask<List<string>> IdsAsync(ISqlTransaction? transaction) =>
        _executor.QueryAsync(new SqlStatement("SELECT id FROM sp_note ORDER BY id"), 0, static async (reader, _, ct) =>
        {
            var ids = new List<string>();
            while (await reader.ReadAsync(ct))
            {
                ids.Add(reader.GetString(0));
            }
            return ids;
        }, transaction, CancellationToken.None);

    private ValueTask<string> LastStatementOfAsync(long pid) =>
        _executor.QueryAsync(new SqlStatement("SELECT query FROM pg_stat_activity WHERE pid = $1", [new SqlArgument(pid, SqlValueKind.Integer)]), 0,
            static async (reader, _, ct) =>
            {
                Assert.That(await reader.ReadAsync(ct), Is.True);
                return reader.GetString(0);
            }, null, CancellationToken.None);
}
