using Microsoft.Data.Sqlite;
using ObjectQL.Sqlite;

namespace ObjectQL.Sql.Tests;

[TestFixture]
public sealed class SqliteDriverTests : SqlDriverTests
{
    protected override string CreateStore() => Path.Combine(Path.GetTempPath(), $"objectql-{Guid.NewGuid():N}.db");

    protected override void DropStore(string store)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(store + suffix);
        }
    }

    protected override SqlDriver Open(string store) => new SqliteDriver($"Data Source={store}");

    protected override async Task ExecuteRawAsync(string store, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={store};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    protected override SqlStatement IndexNames(string table) =>
        new("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = @p0", [new SqlArgument(table, SqlValueKind.Text)]);

    [Test]
    public async Task The_database_file_uses_wal()
    {
        var mode = await Driver.Executor.QueryAsync(new SqlStatement("PRAGMA journal_mode"), 0, static async (reader, _, ct) =>
        {
            await reader.ReadAsync(ct);
            return reader.GetString(0);
        }, null, CancellationToken.None);
        Assert.That(mode, Is.EqualTo("wal"));
    }

    [Test]
    public async Task Readers_see_committed_data_while_a_write_transaction_is_open()
    {
        await InsertAsync(TestModel.Row("a", "committed"));
        await using var transaction = await Driver.BeginTransactionAsync();
        await Driver.UpdateAsync(Definition, [new Drivers.RecordChange("a", new Record { ["title"] = "pending" })], transaction);
        var outside = await Driver.FindOneAsync(Definition, "a");
        Assert.That(outside!["title"], Is.EqualTo("committed"));
    }

    [Test]
    public async Task Concurrent_writers_queue_instead_of_failing_busy()
    {
        var writes = Enumerable.Range(0, 20).Select(i => Task.Run(() => InsertAsync(TestModel.Row($"w{i}"))));
        await Task.WhenAll(writes);
        Assert.That(await Driver.CountAsync(Definition, null), Is.EqualTo(20));
    }

    [Test]
    public async Task An_in_memory_database_works_through_one_connection()
    {
        await using var driver = new SqliteDriver("Data Source=:memory:");
        await driver.InitializeAsync(new Metadata.ObjectModel([Definition]));
        await driver.InsertAsync(Definition, [TestModel.Row("m", "mem")]);
        Assert.That((await driver.FindOneAsync(Definition, "m"))!["title"], Is.EqualTo("mem"));
    }
}
