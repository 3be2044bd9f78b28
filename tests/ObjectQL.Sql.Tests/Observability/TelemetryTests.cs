using System.Diagnostics;
using Microsoft.Extensions.Logging;
using ObjectQL.Sql.Tests.Model;
using ObjectQL.Sqlite;
using ObjectQL.Testing;

namespace ObjectQL.Sql.Tests.Observability;

// Activity and meter listeners are process-wide, so nothing else may run beside these tests.
[TestFixture]
[NonParallelizable]
public sealed class TelemetryTests
{
    private string _path = "";

    [SetUp]
    public void CreatePath() => _path = Path.Combine(Path.GetTempPath(), $"objectql-telemetry-{Guid.NewGuid():N}.db");

    [TearDown]
    public void DeleteFile()
    {
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }

    private Task<ObjectQLDatabase> OpenAsync(ObjectQLDiagnosticsOptions? diagnostics = null) =>
        ObjectQLDatabase.OpenAsync(new SqliteDriver($"Data Source={_path}"), TestModels.Conformance,
            new ObjectQLOptions { Diagnostics = diagnostics ?? new ObjectQLDiagnosticsOptions() });

    [Test]
    public async Task Repository_operations_are_activities_and_durations_tagged_after_the_database_conventions()
    {
        await using var db = await OpenAsync();
        using var capture = new TelemetryCapture(ObjectQLTelemetry.SourceName);

        var created = await db.Object("tck_note").CreateAsync(new Record { ["title"] = "observed" });
        var found = await db.Object("tck_note").FindOneAsync(created.Id!);

        Assert.That(found?["title"], Is.EqualTo("observed"));
        var create = capture.Single("create tck_note");
        Assert.Multiple(() =>
        {
            Assert.That(create.Kind, Is.EqualTo(ActivityKind.Internal));
            Assert.That(create.GetTagItem("db.system.name"), Is.EqualTo("sqlite"));
            Assert.That(create.GetTagItem("db.operation.name"), Is.EqualTo("create"));
            Assert.That(create.GetTagItem("db.collection.name"), Is.EqualTo("tck_note"));
            Assert.That(create.Status, Is.EqualTo(ActivityStatusCode.Unset));
            Assert.That(capture.Single("findOne tck_note").GetTagItem("db.operation.name"), Is.EqualTo("findOne"));
            var operations = capture.Measurements.Select(m => (m.Unit, m.Tags["db.operation.name"], m.Tags["db.collection.name"], m.Tags["db.system.name"]));
            Assert.That(operations, Is.EquivalentTo(new[] { ("s", (object?)"create", (object?)"tck_note", (object?)"sqlite"), ("s", "findOne", "tck_note", "sqlite") }));
            Assert.That(capture.Measurements.Select(m => m.Seconds), Has.All.GreaterThan(0));
        });
    }

    [Test]
    public async Task A_failed_repository_operation_carries_the_error_code_as_error_type()
    {
        await using var db = await OpenAsync();
        using var capture = new TelemetryCapture(ObjectQLTelemetry.SourceName);

        var failure = Assert.ThrowsAsync<ObjectQLException>(() => db.Object("tck_note").UpdateAsync("missing-id", new Record { ["title"] = "x" }));

        var update = capture.Single("update tck_note");
        Assert.Multiple(() =>
        {
            Assert.That(failure!.Code, Is.EqualTo(ErrorCodes.NotFound));
            Assert.That(update.Status, Is.EqualTo(ActivityStatusCode.Error));
            Assert.That(update.GetTagItem("error.type"), Is.EqualTo(ErrorCodes.NotFound));
            Assert.That(capture.Measurements.Single().Tags["error.type"], Is.EqualTo(ErrorCodes.NotFound));
        });
    }

    [Test]
    public async Task Typed_calls_are_traced_like_record_calls()
    {
        await using var db = await ObjectQLDatabase.OpenAsync(new SqliteDriver($"Data Source={_path}"), AppModel.Objects);
        using var capture = new TelemetryCapture(ObjectQLTelemetry.SourceName);

        var created = await db.TypedNotes().CreateAsync(new TypedNote { Title = "typed" });
        var found = await db.TypedNotes().FindOneAsync(created.Id!);

        Assert.That(found?.Title, Is.EqualTo("typed"));
        Assert.That(capture.Activities.Select(a => a.DisplayName), Is.SupersetOf(new[] { "create typed_note", "findOne typed_note" }));
    }

    [Test]
    public async Task Without_a_listener_sessions_hand_out_their_own_repository_and_nothing_is_recorded()
    {
        await using var db = await OpenAsync();
        using (var capture = new TelemetryCapture(ObjectQLTelemetry.SourceName))
        {
            var first = db.Object("tck_note");
            Assert.That(db.Object("tck_note"), Is.Not.SameAs(first), "while listening, every call gets its own traced wrapper");
        }
        using var other = new TelemetryCapture("Some.Other.Library");

        var repository = db.Object("tck_note");
        await repository.CreateAsync(new Record { ["title"] = "quiet" });

        Assert.Multiple(() =>
        {
            Assert.That(db.Object("tck_note"), Is.SameAs(repository));
            Assert.That(other.Activities, Is.Empty);
            Assert.That(other.Measurements, Is.Empty);
        });
    }

    [Test]
    public async Task Sql_commands_are_client_activities_named_by_verb_and_table_without_the_text_by_default()
    {
        await using var db = await OpenAsync();
        using var capture = new TelemetryCapture(SqlTelemetry.SourceName);

        var created = await db.Object("tck_note").CreateAsync(new Record { ["title"] = "sql" });
        await db.Object("tck_note").FindOneAsync(created.Id!);

        var insert = capture.Single("INSERT tck_note");
        Assert.Multiple(() =>
        {
            Assert.That(insert.Kind, Is.EqualTo(ActivityKind.Client));
            Assert.That(insert.GetTagItem("db.system.name"), Is.EqualTo("sqlite"));
            Assert.That(insert.GetTagItem("db.operation.name"), Is.EqualTo("INSERT"));
            Assert.That(insert.GetTagItem("db.collection.name"), Is.EqualTo("tck_note"));
            Assert.That(insert.GetTagItem("db.query.text"), Is.Null);
            Assert.That(capture.Activities.Select(a => a.DisplayName), Does.Contain("SELECT tck_note"));
            Assert.That(capture.Measurements.Select(m => m.Tags["db.operation.name"]), Is.SupersetOf(new[] { "INSERT", "SELECT" }));
        });
    }

    [Test]
    public async Task Query_text_is_recorded_only_when_switched_on()
    {
        await using var db = await OpenAsync(new ObjectQLDiagnosticsOptions { RecordQueryText = true });
        using var capture = new TelemetryCapture(SqlTelemetry.SourceName);

        await db.Object("tck_note").CreateAsync(new Record { ["title"] = "secret title" });

        var text = (string?)capture.Single("INSERT tck_note").GetTagItem("db.query.text");
        Assert.That(text, Does.StartWith("INSERT INTO").And.Not.Contain("secret title"));
    }

    [Test]
    public async Task A_failed_statement_is_an_error_activity_and_a_debug_log_entry()
    {
        var logs = new CapturingLoggerFactory();
        await using var db = await OpenAsync(new ObjectQLDiagnosticsOptions { LoggerFactory = logs });
        var row = new Record { ["id"] = "twice", ["title"] = "a", ["created_at"] = DateTimeOffset.UnixEpoch, ["updated_at"] = DateTimeOffset.UnixEpoch, ["_version"] = 1L };
        await db.Driver.InsertAsync(TestModels.Note, [row]);
        using var capture = new TelemetryCapture(SqlTelemetry.SourceName);

        Assert.ThrowsAsync<ObjectQLException>(() => db.Driver.InsertAsync(TestModels.Note, [row]));

        var insert = capture.Single("INSERT tck_note");
        Assert.Multiple(() =>
        {
            Assert.That(insert.Status, Is.EqualTo(ActivityStatusCode.Error));
            Assert.That(insert.GetTagItem("error.type"), Is.EqualTo("Microsoft.Data.Sqlite.SqliteException"));
            Assert.That(logs.Entries.Last().Message, Does.StartWith("Failed INSERT on tck_note"));
        });
    }

    [Test]
    public async Task Statements_are_logged_at_debug_with_values_hidden_unless_switched_on()
    {
        var hidden = new CapturingLoggerFactory();
        await using (var db = await OpenAsync(new ObjectQLDiagnosticsOptions { LoggerFactory = hidden }))
        {
            await db.Object("tck_note").CreateAsync(new Record { ["title"] = "private words" });
        }
        var shown = new CapturingLoggerFactory();
        await using (var db = await OpenAsync(new ObjectQLDiagnosticsOptions { LoggerFactory = shown, LogParameterValues = true }))
        {
            await db.Object("tck_note").CreateAsync(new Record { ["title"] = "public words" });
        }

        var hiddenInsert = hidden.Entries.Single(e => e.Message.StartsWith("Executed INSERT on tck_note", StringComparison.Ordinal));
        var shownInsert = shown.Entries.Single(e => e.Message.StartsWith("Executed INSERT on tck_note", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(hiddenInsert.Category, Is.EqualTo(SqlTelemetry.LoggerCategory));
            Assert.That(hiddenInsert.Level, Is.EqualTo(LogLevel.Debug));
            Assert.That(hiddenInsert.Message, Does.Contain("INSERT INTO").And.Contain("[?, ?").And.Not.Contain("private words"));
            Assert.That(shownInsert.Message, Does.Contain("'public words'"));
        });
    }

    [Test]
    public async Task A_logger_above_debug_gets_no_statements()
    {
        var logs = new CapturingLoggerFactory(LogLevel.Information);
        await using var db = await OpenAsync(new ObjectQLDiagnosticsOptions { LoggerFactory = logs });

        await db.Object("tck_note").CreateAsync(new Record { ["title"] = "quiet" });

        Assert.That(logs.Entries, Is.Empty);
    }

    [TestCase("SELECT a FROM t", "SELECT")]
    [TestCase("  insert into t VALUES (1)", "INSERT")]
    [TestCase("UPDATE\nt SET a = 1", "UPDATE")]
    [TestCase("delete FROM t", "DELETE")]
    [TestCase("WITH x AS (SELECT 1) SELECT * FROM x", "WITH")]
    [TestCase("pragma foo", "PRAGMA")]
    public void The_operation_name_is_the_statements_first_word(string sql, string expected) =>
        Assert.That(Sql.Observability.SqlCommands.OperationOf(sql), Is.EqualTo(expected));
}
