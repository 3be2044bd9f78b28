using ObjectQL.Sql;

namespace ObjectQL.Sqlite.Tests;

/// <summary>Ending a SQLite transaction waits for a call still running inside it without blocking the caller.</summary>
public sealed class SqliteTransactionTests
{
    [Test]
    public async Task Commit_while_a_call_is_running_returns_at_once_and_ends_after_the_call()
    {
        await using var executor = new SqliteExecutor("Data Source=:memory:");
        var transaction = await executor.BeginTransactionAsync(TransactionIsolation.Unspecified, CancellationToken.None);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var query = executor.QueryAsync(new SqlStatement("SELECT 1"), 0, async (rows, _, ct) =>
        {
            entered.SetResult();
            await release.Task;
            return await rows.ReadAsync(ct) ? rows.GetInt64(0) : 0L;
        }, transaction, CancellationToken.None).AsTask();
        await entered.Task;

        // The call holds the transaction's connection; a blocking wait here would never return.
        var commit = transaction.CommitAsync();
        Assert.That(commit.IsCompleted, Is.False, "the commit waits for the running call");
        Assert.That(transaction.IsCompleted, Is.True, "no new call may start once the commit is asked for");

        release.SetResult();
        Assert.That(await query, Is.EqualTo(1L));
        await commit;
        // The write lock is free again: a write outside any transaction goes through.
        Assert.That(await executor.ExecuteAsync(new SqlStatement("CREATE TABLE t (x INTEGER)"), null, CancellationToken.None), Is.Zero);
    }
}
