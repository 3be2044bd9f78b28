using ObjectQL.Sql;

namespace ObjectQL.Sqlite.Tests;

/// <summary>
/// The write-ahead log is copied into the database file by a background connection after large writes, not inside the
/// commit that fills it; switched off, SQLite's own threshold copies inside the commit.
/// </summary>
public sealed class SqliteCheckpointTests
{
    private const string Insert = "INSERT INTO t (id, name) VALUES (@p0, @p1)";
    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("objectql-checkpoint-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task A_write_of_many_rows_reaches_the_file_after_its_commit_returned()
    {
        var file = Path.Combine(_folder, "copied.db");
        await using var executor = await OpenAsync(file, new SqliteDriverOptions());
        var before = new FileInfo(file).Length;

        await InsertAsync(executor, 0, 1500);

        // 1500 small rows fill far fewer pages than SQLite's own threshold of 1000, so only the background copy moves
        // them from the log into the file.
        Assert.That(await GrowsAsync(file, before), Is.True, "the log was copied into the file");
        Assert.That(await CountAsync(executor), Is.EqualTo(1500));
    }

    [Test]
    public async Task Switched_off_the_log_is_copied_inside_the_commit_that_fills_a_thousand_pages()
    {
        var file = Path.Combine(_folder, "inline.db");
        await using var executor = await OpenAsync(file, new SqliteDriverOptions { BackgroundCheckpoints = false });
        var before = new FileInfo(file).Length;

        await InsertAsync(executor, 0, 1500);
        Assert.That(await GrowsAsync(file, before, TimeSpan.FromSeconds(1)), Is.False, "a small write stays in the log");

        // About 6 MB: well over 1000 pages, copied before the commit returns.
        await InsertAsync(executor, 1500, 6000, padding: 1000);
        Assert.That(new FileInfo(file).Length, Is.GreaterThan(before + (4 << 20)));
    }

    [Test]
    public async Task Disposing_while_a_copy_is_due_keeps_every_row()
    {
        var file = Path.Combine(_folder, "disposed.db");
        await using (var executor = await OpenAsync(file, new SqliteDriverOptions()))
        {
            for (var round = 0; round < 5; round++)
            {
                await InsertAsync(executor, round * 1200, 1200);
            }
        }

        Assert.That(File.Exists(file + "-wal"), Is.False, "the last close copied the log and removed it");
        await using var reopened = new SqliteExecutor($"Data Source={file}");
        Assert.That(await CountAsync(reopened), Is.EqualTo(6000));
    }

    private static async Task<SqliteExecutor> OpenAsync(string file, SqliteDriverOptions options)
    {
        var executor = new SqliteExecutor($"Data Source={file}", options);
        await executor.ExecuteAsync(new SqlStatement("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)"), null, CancellationToken.None);
        return executor;
    }

    private static async Task InsertAsync(SqliteExecutor executor, int first, int rows, int padding = 8)
    {
        var arguments = new List<SqlArgument>(rows * 2);
        for (var i = first; i < first + rows; i++)
        {
            arguments.Add(new SqlArgument((long)i, SqlValueKind.Integer));
            arguments.Add(new SqlArgument(new string('x', padding), SqlValueKind.Text));
        }
        await using var transaction = await executor.BeginTransactionAsync(TransactionIsolation.Unspecified, CancellationToken.None);
        await executor.ExecuteManyAsync(Insert, 2, arguments, transaction, CancellationToken.None);
        await transaction.CommitAsync();
    }

    private static async Task<long> CountAsync(SqliteExecutor executor) =>
        await executor.QueryAsync(new SqlStatement("SELECT COUNT(*) FROM t"), 0, static async (rows, _, ct) =>
            await rows.ReadAsync(ct) ? rows.GetInt64(0) : -1, null, CancellationToken.None);

    // Polls the file's length: the copy runs on its own connection, a little after the commit.
    private static async Task<bool> GrowsAsync(string file, long before, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < deadline)
        {
            if (new FileInfo(file).Length > before)
            {
                return true;
            }
            await Task.Delay(20);
        }
        return false;
    }
}
