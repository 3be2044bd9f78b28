using Microsoft.Data.Sqlite;
using ObjectQL.Sql;

namespace ObjectQL.Sqlite.Tests;

/// <summary>
/// A bulk write in a transaction binds its rows on the connection's own statement, by position, not through the
/// command: the rows stored, their counts and a failing row's error must be what the command gives for the same values.
/// </summary>
public sealed class BulkWriteStatementTests
{
    private const string Insert = "INSERT INTO {0} (id, s, i, r) VALUES (@p0, @p1, @p2, @p3) ON CONFLICT DO NOTHING";

    // Non-ASCII, a character outside the BMP, a lone surrogate (encoded as U+FFFD), long text, the ends of the ranges.
    private static readonly object?[][] Rows =
    [
        ["a", "plain", 1L, 1.5],
        ["b", "héllo ✓ \U0001F600", long.MaxValue, -0.0],
        ["c", "lone \ud800 surrogate", long.MinValue, 1e300],
        ["d", null, null, null],
        ["e", new string('x', 5000), 7, double.Epsilon],
    ];

    [Test]
    public async Task Bulk_rows_in_a_transaction_store_what_one_command_per_row_stores()
    {
        await using var executor = await OpenAsync();
        await WriteBulkAsync(executor, "bulk", Rows);
        await WriteOneByOneAsync(executor, "single", Rows);

        var bulk = await ReadAsync(executor, "bulk");
        Assert.That(bulk, Has.Count.EqualTo(Rows.Length));
        Assert.That(bulk, Is.EqualTo(await ReadAsync(executor, "single")));
        Assert.That(bulk[1], Does.Contain("68C3A96C6C6F20E29C9320F09F9880"), "héllo ✓ and the emoji as UTF-8");
        Assert.That(bulk[2], Does.Contain("EFBFBD"), "the lone surrogate as U+FFFD, as the command encodes it");
    }

    [Test]
    public async Task Empty_texts_and_values_only_the_command_binds_are_stored_as_the_command_stores_them()
    {
        object?[][] rows =
        [
            ["a", string.Empty, 1L, 2.0],
            ["b", "x", 2L, 3.0],
            ["c", new byte[] { 1, 2 }, 3L, 4.0],
        ];
        await using var executor = await OpenAsync();
        await WriteBulkAsync(executor, "bulk", rows);
        await WriteOneByOneAsync(executor, "single", rows);

        var bulk = await ReadAsync(executor, "bulk");
        Assert.That(bulk, Is.EqualTo(await ReadAsync(executor, "single")));
        Assert.That(bulk[0], Does.StartWith("a||text|"), "an empty text stays an empty text, not NULL");
    }

    [Test]
    public async Task Bulk_rows_count_each_row_written_and_a_conflict_left_out_as_zero()
    {
        await using var executor = await OpenAsync();
        await WriteBulkAsync(executor, "bulk", Rows[..2]);

        var affected = await WriteBulkAsync(executor, "bulk", [Rows[1], Rows[2], Rows[1]]);

        Assert.That(affected, Is.EqualTo(new[] { 0, 1, 0 }));
    }

    [Test]
    public async Task A_bulk_text_of_two_statements_runs_both_for_every_row()
    {
        await using var executor = await OpenAsync();
        var transaction = await executor.BeginTransactionAsync(TransactionIsolation.Unspecified, CancellationToken.None);

        await executor.ExecuteManyAsync("INSERT INTO bulk (id) VALUES (@p0); INSERT INTO single (id) VALUES (@p0)", 1, new[] { Text("a"), Text("b") }, transaction, CancellationToken.None);
        await transaction.CommitAsync();

        Assert.That((await ReadAsync(executor, "bulk")).Select(row => row[..1]), Is.EqualTo(new[] { "a", "b" }));
        Assert.That((await ReadAsync(executor, "single")).Select(row => row[..1]), Is.EqualTo(new[] { "a", "b" }), "the second statement ran too");
    }

    [Test]
    public async Task A_failing_bulk_row_raises_the_commands_error_and_the_transaction_rolls_back()
    {
        await using var executor = await OpenAsync();
        await executor.ExecuteAsync(new SqlStatement("CREATE TABLE strict_rows (id TEXT PRIMARY KEY, n INTEGER NOT NULL)"), null, CancellationToken.None);
        var transaction = await executor.BeginTransactionAsync(TransactionIsolation.Unspecified, CancellationToken.None);
        SqlArgument[] arguments = [Text("a"), new(1L, SqlValueKind.Integer), Text("a"), new(2L, SqlValueKind.Integer)];

        var bulk = Assert.ThrowsAsync<SqliteException>(async () =>
            await executor.ExecuteManyAsync("INSERT INTO strict_rows (id, n) VALUES (@p0, @p1)", 2, arguments, transaction, CancellationToken.None));
        await transaction.RollbackAsync();
        await executor.ExecuteAsync(new SqlStatement("INSERT INTO strict_rows (id, n) VALUES (@p0, @p1)", [Text("a"), new(1L, SqlValueKind.Integer)]), null, CancellationToken.None);
        var single = Assert.ThrowsAsync<SqliteException>(async () =>
            await executor.ExecuteAsync(new SqlStatement("INSERT INTO strict_rows (id, n) VALUES (@p0, @p1)", [Text("a"), new(2L, SqlValueKind.Integer)]), null, CancellationToken.None));

        Assert.That(bulk!.Message, Is.EqualTo(single!.Message));
        Assert.That((bulk.SqliteErrorCode, bulk.SqliteExtendedErrorCode), Is.EqualTo((single.SqliteErrorCode, single.SqliteExtendedErrorCode)));
        var (bulkError, singleError) = (executor.ClassifyError(bulk), executor.ClassifyError(single));
        Assert.That(bulkError?.Kind, Is.EqualTo(singleError?.Kind).And.Not.Null);
        Assert.That(bulkError?.Message, Is.EqualTo(singleError?.Message));
        var count = await executor.QueryAsync(new SqlStatement("SELECT count(*) FROM strict_rows"), 0,
            static async (rows, _, ct) => await rows.ReadAsync(ct) ? rows.GetInt64(0) : -1L, null, CancellationToken.None);
        Assert.That(count, Is.EqualTo(1L), "only the row written after the rollback");
    }

    private readonly List<string> _files = [];

    // Unpooled connections close with the executor, so the test's files can go.
    [TearDown]
    public void DeleteFiles()
    {
        foreach (var file in _files)
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(file + suffix);
            }
        }
        _files.Clear();
    }

    private async Task<SqliteExecutor> OpenAsync()
    {
        var file = Path.Combine(Path.GetTempPath(), $"objectql-bulk-statement-{Guid.NewGuid():N}.db");
        _files.Add(file);
        var executor = new SqliteExecutor($"Data Source={file};Pooling=False");
        foreach (var table in new[] { "bulk", "single" })
        {
            await executor.ExecuteAsync(new SqlStatement($"CREATE TABLE {table} (id TEXT PRIMARY KEY, s, i, r)"), null, CancellationToken.None);
        }
        return executor;
    }

    private static async Task<int[]> WriteBulkAsync(SqliteExecutor executor, string table, object?[][] rows)
    {
        var transaction = await executor.BeginTransactionAsync(TransactionIsolation.Unspecified, CancellationToken.None);
        var affected = await executor.ExecuteManyAsync(string.Format(Insert, table), 4, rows.SelectMany(Arguments).ToArray(), transaction, CancellationToken.None);
        await transaction.CommitAsync();
        return affected;
    }

    private static async Task WriteOneByOneAsync(SqliteExecutor executor, string table, object?[][] rows)
    {
        foreach (var row in rows)
        {
            await executor.ExecuteAsync(new SqlStatement(string.Format(Insert, table), Arguments(row).ToArray()), null, CancellationToken.None);
        }
    }

    // Each stored value as its bytes and its storage class, so a text stored as a blob or a number as text differs.
    private static ValueTask<List<string>> ReadAsync(SqliteExecutor executor, string table) =>
        executor.QueryAsync(new SqlStatement($"SELECT id, hex(s), typeof(s), quote(i), typeof(i), quote(r), typeof(r) FROM {table} ORDER BY id"), 0,
            static async (rows, _, ct) =>
            {
                var read = new List<string>();
                while (await rows.ReadAsync(ct))
                {
                    read.Add(string.Join('|', Enumerable.Range(0, 7).Select(i => rows.IsNull(i) ? "NULL" : rows.GetString(i))));
                }
                return read;
            }, null, CancellationToken.None);

    private static IEnumerable<SqlArgument> Arguments(object?[] row) => row.Select(value => new SqlArgument(value, SqlValueKind.Text));

    private static SqlArgument Text(string value) => new(value, SqlValueKind.Text);
}
