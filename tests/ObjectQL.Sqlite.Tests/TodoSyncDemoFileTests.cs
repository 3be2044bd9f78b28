using Microsoft.Data.Sqlite;
using TodoSync;

namespace ObjectQL.Sqlite.Tests;

/// <summary>The main example starts from an empty database each run, but never deletes or overwrites a file it did not create.</summary>
public sealed class TodoSyncDemoFileTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => Directory.CreateDirectory(_directory = Path.Combine(Path.GetTempPath(), "todosync-" + Guid.NewGuid().ToString("N")));

    [TearDown]
    public void DeleteDirectory()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private string PathOf(string name) => Path.Combine(_directory, name);

    [Test]
    public void A_text_file_is_refused_with_a_message_and_left_untouched()
    {
        var path = PathOf("notes.txt");
        File.WriteAllText(path, "my notes");
        var refusal = DemoFile.Prepare(path);
        Assert.That(refusal, Does.Contain("not a database this example created").And.Contain(path));
        Assert.That(File.ReadAllText(path), Is.EqualTo("my notes"));
    }

    [Test]
    public async Task A_database_the_example_did_not_create_is_refused_and_keeps_its_rows()
    {
        var path = PathOf("other.db");
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE kept (v TEXT); INSERT INTO kept VALUES ('mine');";
            await command.ExecuteNonQueryAsync();
        }
        Assert.That(DemoFile.Prepare(path), Does.Contain("not a database this example created"));
        await using var check = new SqliteConnection($"Data Source={path};Pooling=False");
        await check.OpenAsync();
        await using var read = check.CreateCommand();
        read.CommandText = "SELECT v FROM kept";
        Assert.That(await read.ExecuteScalarAsync(), Is.EqualTo("mine"));
    }

    [Test]
    public void A_directory_is_refused()
    {
        Assert.That(DemoFile.Prepare(_directory), Does.Contain("is a directory"));
        Assert.That(Directory.Exists(_directory), Is.True);
    }

    [Test]
    public async Task A_database_the_example_created_is_started_afresh()
    {
        var path = PathOf("todo.db");
        Assert.That(DemoFile.Prepare(path), Is.Null);
        await using (var driver = new SqliteDriver($"Data Source={path}"))
        {
            var model = new Metadata.ObjectModel([new Metadata.ObjectDefinition { Name = "note", Label = "Note", Fields = [] }]);
            await driver.InitializeAsync(model);
            await driver.InsertAsync(model.Objects[0], [new Record { ["id"] = "n1" }]);
        }
        SqliteConnection.ClearAllPools();
        Assert.That(DemoFile.Prepare(path), Is.Null, "its own database, even after the driver used it");
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'note'";
        Assert.That(await command.ExecuteScalarAsync(), Is.EqualTo(0L));
    }
}
