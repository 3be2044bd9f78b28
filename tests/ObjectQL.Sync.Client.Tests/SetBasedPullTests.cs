using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using ObjectQL.Metadata;
using ObjectQL.Sqlite;
using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Client.Tests;

// On SQLite a pulled record with no local row and no pending edit is created set-based, from the page's JSON in one
// statement per batch and object. The same pull through the pipeline (forced by a create hook, which rules the set-based
// write out) must leave the same rows, byte for byte, every column, per field type, and the same change events.
public sealed class SetBasedPullTests
{
    private static readonly ObjectDefinition Item = new()
    {
        Name = "item",
        Label = "Item",
        Fields =
        [
            new FieldDefinition { Name = "title", Label = "Title", Type = FieldType.Text, Required = true, Validation = new FieldValidation { MaxLength = 12 } },
            new FieldDefinition { Name = "code", Label = "Code", Type = FieldType.Text, Validation = new FieldValidation { MinLength = 2 } },
            new FieldDefinition { Name = "body", Label = "Body", Type = FieldType.Textarea },
            new FieldDefinition { Name = "notes", Label = "Notes", Type = FieldType.Markdown },
            new FieldDefinition { Name = "page", Label = "Page", Type = FieldType.Html },
            new FieldDefinition { Name = "done", Label = "Done", Type = FieldType.Boolean, DefaultValue = false },
            new FieldDefinition { Name = "flag", Label = "Flag", Type = FieldType.Boolean },
            new FieldDefinition
            {
                Name = "priority", Label = "Priority", Type = FieldType.Select, DefaultValue = "medium",
                Options = [new SelectOption { Value = "low", Label = "low" }, new SelectOption { Value = "medium", Label = "medium" }, new SelectOption { Value = "high", Label = "high" }],
            },
        ],
        Sync = new SyncSettings { Enabled = true, Strategy = SyncStrategy.Crdt },
    };

    private readonly List<string> _files = [];

    [TearDown]
    public void TearDown()
    {
        foreach (var file in _files)
        {
            ClientHarness.Delete(file);
        }
    }

    private static string Clock(int tick) => $"2026-12-03T09:00:{tick / 1000 % 60:00}.{tick % 1000:000}Z-00000000-server";

    // Every field type, missing fields (defaults), nulls, non-ASCII text, quotes; with refused: values a field rule or the
    // local schema refuses as well, each record skipped alone, by the pipeline, on both paths.
    private static FakeServer Server(bool refused)
    {
        var server = new FakeServer();
        var tick = 0;
        void Add(string id, params (string Field, object? Value)[] values) =>
            server.Change("item", id, MutationOperation.Create, 1, Clock(++tick), FakeServer.Data(values));
        Add("full", ("title", "Full"), ("code", "AB"), ("body", "line 1\nline 2"), ("notes", "# h"), ("page", "<p>x</p>"), ("done", true), ("flag", false), ("priority", "high"));
        Add("defaults", ("title", "Defaults"));
        Add("nulls", ("title", "Nulls"), ("code", null), ("body", null), ("done", null), ("flag", null), ("priority", null));
        Add("unicode", ("title", "Grüße 😀"), ("body", "naïve 'quoted' \"text\" \\ / \u0001"), ("priority", "low"));
        Add("longest", ("title", "123456789😀12"));
        for (var i = 0; i < 30; i++)
        {
            Add($"many-{i:D3}", ("title", $"Item {i}"), ("done", i % 2 == 0), ("priority", i % 3 == 0 ? "low" : "medium"));
        }
        if (!refused)
        {
            return server;
        }
        Add("too-long", ("title", "1234567890123"));
        Add("no-title", ("body", "missing title"));
        Add("empty-title", ("title", ""));
        Add("short-code", ("title", "Short"), ("code", "A"));
        Add("bad-option", ("title", "Option"), ("priority", "urgent"));
        Add("number-title", ("title", 5));
        Add("text-bool", ("title", "Text bool"), ("done", "yes"));
        Add("bad id!", ("title", "Bad id"));
        return server;
    }

    // The statements of a table (null: of every table), seen through the SQL driver's activities (query text recorded).
    private static ActivityListener Listen(ConcurrentBag<string> statements, string? table = "item")
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == Sql.SqlTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if ((table is null || Equals(activity.GetTagItem("db.collection.name"), table)) && activity.GetTagItem("db.query.text") is string text)
                {
                    statements.Add(text);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    private async Task<(List<string> Rows, List<string> Events, int JsonInserts)> PullAsync(bool forcePipeline, bool refused)
    {
        var statements = new ConcurrentBag<string>();
        using var listener = Listen(statements);
        var file = Path.Combine(Path.GetTempPath(), $"objectql-set-based-{Guid.NewGuid():N}.db");
        _files.Add(file);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero));
        var plugin = new SyncClientPlugin(new SyncClientOptions { ServerUrl = new Uri("http://127.0.0.1:9/"), TimeProvider = time }, Server(refused));
        var events = new List<string>();
        await using (var database = await ObjectQLDatabase.CreateBuilder().UseDriver(new SqliteDriver($"Data Source={file}"))
            .AddModel(new ObjectModel([Item])).AddPlugin(plugin).ConfigureOptions(o => o with { TimeProvider = time, Diagnostics = new ObjectQLDiagnosticsOptions { RecordQueryText = true } }).OpenAsync())
        {
            if (forcePipeline)
            {
                database.Hooks.Before(HookOperation.Create, Item.Name, (_, _) => ValueTask.CompletedTask);
            }
            Collect(database, events);
            await using (var client = await plugin.StartAsync())
            {
                await client.WaitForSyncAsync();
            }
            events.Sort(StringComparer.Ordinal);
            return (ReadRows(file), events, statements.Count(t => t.Contains("INSERT INTO", StringComparison.Ordinal) && t.Contains("json_each", StringComparison.Ordinal)));
        }
    }

    // Every change event of the items, as text that compares every value and the event's origin.
    private static void Collect(ObjectQLDatabase database, List<string> events) =>
        database.Changes.Subscribe((change, _) =>
        {
            if (change.ObjectName == Item.Name)
            {
                var data = change.Data!.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={Describe(f.Value)}");
                events.Add($"{change.Operation} {change.Id} v{change.Version} {change.Timestamp:O} {change.Origin?.AppliesRemoteChange} {string.Join(";", data)}");
            }
            return ValueTask.CompletedTask;
        });

    private static string Describe(object? value) => value switch
    {
        null => "null",
        DateTimeOffset instant => instant.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        _ => $"{value.GetType().Name}:{value}",
    };

    // Every column of every row as SQLite holds it: its storage class and its bytes.
    private static List<string> ReadRows(string file, string table = "item")
    {
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM \"{table}\" ORDER BY \"id\"";
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            var columns = new List<string>();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                var value = reader.GetValue(i);
                var bytes = value switch
                {
                    DBNull => "null",
                    string text => Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes(text)),
                    byte[] blob => Convert.ToHexString(blob),
                    _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
                };
                columns.Add($"{reader.GetName(i)}:{value.GetType().Name}:{bytes}");
            }
            rows.Add(string.Join(" ", columns));
        }
        return rows;
    }

    [Test]
    public async Task A_set_based_pull_leaves_the_rows_and_events_the_pipeline_leaves()
    {
        var (setRows, setEvents, setInserts) = await PullAsync(forcePipeline: false, refused: false);
        var (pipelineRows, pipelineEvents, pipelineInserts) = await PullAsync(forcePipeline: true, refused: false);

        Assert.Multiple(() =>
        {
            Assert.That(setInserts, Is.EqualTo(1), "one set-based insert for the one batch of items");
            Assert.That(pipelineInserts, Is.Zero, "a create hook rules the set-based write out");
            Assert.That(setRows, Has.Count.EqualTo(35));
            Assert.That(setRows, Is.EqualTo(pipelineRows));
            Assert.That(setEvents, Has.Count.EqualTo(35));
            Assert.That(setEvents, Is.EqualTo(pipelineEvents));
        });
        Assert.That(setRows.Single(r => r.StartsWith("id:String:" + Convert.ToHexString("defaults"u8), StringComparison.Ordinal)),
            Does.Contain("done:Int64:0").And.Contain("priority:String:" + Convert.ToHexString("medium"u8)), "defaults fill missing fields");
    }

    [Test]
    public async Task Records_a_field_rule_refuses_are_skipped_alone_as_through_the_pipeline()
    {
        var (setRows, setEvents, _) = await PullAsync(forcePipeline: false, refused: true);
        var (pipelineRows, pipelineEvents, _) = await PullAsync(forcePipeline: true, refused: true);

        Assert.Multiple(() =>
        {
            Assert.That(setRows, Has.Count.EqualTo(35), "the refused records are skipped, the others written");
            Assert.That(setRows, Is.EqualTo(pipelineRows));
            Assert.That(setEvents, Is.EqualTo(pipelineEvents));
        });
    }

    // A store that writes the synced copies row by row (InsertAsync, UpdateAsync), as stores without JSON upserts do.
    private sealed class PerRecordCopies(Drivers.IObjectQLDriver inner) : Drivers.DelegatingDriver(inner)
    {
        public override bool CanUpsertFromJson(ObjectDefinition definition) => false;
    }

    // Three syncs: a first pull (creates, field clocks, fields this schema does not know), then updates, a stale replay,
    // a delete (tombstone) and a removal, then a resync (a snapshot replaces every copy and sweeps the removed one).
    private async Task<(List<string> Updated, List<string> Copies, List<string> Rows, List<string> Events, int Upserts)> PullRoundsAsync(bool perRecordCopies)
    {
        var statements = new ConcurrentBag<string>();
        using var listener = Listen(statements, table: null);
        var file = Path.Combine(Path.GetTempPath(), $"objectql-set-based-{Guid.NewGuid():N}.db");
        _files.Add(file);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero));
        var server = Server(refused: false);
        var clocks = new Dictionary<string, string>(StringComparer.Ordinal) { ["title"] = Clock(900), ["done"] = Clock(901), ["ünï"] = Clock(902) };
        server.Change("item", "clocked", MutationOperation.Create, 3, Clock(903),
            FakeServer.Data(("title", "Clocked"), ("extra", "unknown to this schema"), ("created_at", "2026-12-03T08:00:00.000Z"), ("id", "clocked")), clocks);
        var plugin = new SyncClientPlugin(new SyncClientOptions { ServerUrl = new Uri("http://127.0.0.1:9/"), TimeProvider = time }, server);
        Drivers.IObjectQLDriver driver = new SqliteDriver($"Data Source={file}");
        var events = new List<string>();
        List<string> updated;
        await using (var database = await ObjectQLDatabase.CreateBuilder().UseDriver(perRecordCopies ? new PerRecordCopies(driver) : driver)
            .AddModel(new ObjectModel([Item])).AddPlugin(plugin).ConfigureOptions(o => o with { TimeProvider = time, Diagnostics = new ObjectQLDiagnosticsOptions { RecordQueryText = true } }).OpenAsync())
        {
            Collect(database, events);
            await using (var client = await plugin.StartAsync())
            {
                await client.WaitForSyncAsync();
                server.Change("item", "full", MutationOperation.Update, 2, Clock(904), FakeServer.Data(("title", "Full 2"), ("body", "änderung \"2\""), ("done", false)), clocks);
                server.Change("item", "defaults", MutationOperation.Update, 1, Clock(905), FakeServer.Data(("title", "Stale replay")));
                server.Change("item", "nulls", MutationOperation.Delete, 2, Clock(906));
                server.Change("item", "many-000", MutationOperation.Remove, 2, Clock(907));
                await client.WaitForSyncAsync();
                updated = ReadRows(file, "_objectql_client_records");
                server.Forget("item", "many-001");
                server.ResyncNext = true;
                await client.WaitForSyncAsync();
            }
        }
        events.Sort(StringComparer.Ordinal);
        var upserts = statements.Count(t => t.Contains("_objectql_client_records", StringComparison.Ordinal) && t.Contains("ON CONFLICT", StringComparison.Ordinal));
        return (updated, ReadRows(file, "_objectql_client_records"), ReadRows(file), events, upserts);
    }

    [Test]
    public async Task Synced_copies_written_from_json_equal_the_copies_written_row_by_row()
    {
        var (setUpdated, setCopies, setRows, setEvents, setUpserts) = await PullRoundsAsync(perRecordCopies: false);
        var (rowUpdated, rowCopies, rowRows, rowEvents, rowUpserts) = await PullRoundsAsync(perRecordCopies: true);

        Assert.Multiple(() =>
        {
            Assert.That(setUpserts, Is.GreaterThanOrEqualTo(3), "one upsert per batch: the first pull, the updates, the snapshot");
            Assert.That(rowUpserts, Is.Zero, "a store without JSON upserts writes row by row");
            Assert.That(setUpdated, Has.Count.EqualTo(35), "36 pulled, one removed");
            Assert.That(setUpdated, Is.EqualTo(rowUpdated));
            Assert.That(setCopies, Has.Count.EqualTo(35), "the removed one back with the snapshot, the forgotten one swept");
            Assert.That(setCopies, Is.EqualTo(rowCopies));
            Assert.That(setRows, Is.EqualTo(rowRows));
            Assert.That(setEvents, Is.EqualTo(rowEvents));
        });
        string Copy(string id) => setUpdated.Single(r => r.StartsWith("id:String:" + Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes("item:" + id)) + " ", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(Copy("full"), Does.Contain("version:Double:2"), "the update replaced the copy");
            Assert.That(Copy("nulls"), Does.Contain("deleted:Int64:1").And.Contain("image:DBNull"), "a delete leaves a tombstone");
            Assert.That(setCopies.Single(r => r.Contains(Convert.ToHexString("item:nulls"u8) + " ", StringComparison.Ordinal)), Does.Contain("deleted:Int64:0").And.Contain("version:Double:1"),
                "the snapshot replaces a copy whatever its version");
            Assert.That(Copy("defaults"), Does.Contain("version:Double:1").And.Not.Contain(Convert.ToHexString("Stale replay"u8)), "a stale replay changes nothing");
            Assert.That(Copy("clocked"), Does.Contain("field_clocks:String:" + Convert.ToHexString("{\"title\":"u8)), "the field clocks are kept");
        });
    }

    [Test]
    public void Memory_and_other_stores_keep_the_pipeline_path()
    {
        var definition = Item;
        var memory = new Drivers.Memory.MemoryDriver();
        Assert.That(memory, Is.Not.InstanceOf<Drivers.IJsonRowsDriver>());
        var sqlite = new SqliteDriver("Data Source=:memory:");
        Assert.Multiple(() =>
        {
            Assert.That(definition.Fields.All(sqlite.CanReadFromJson), Is.True);
            Assert.That(sqlite.CanReadFromJson(new FieldDefinition { Name = "n", Label = "n", Type = FieldType.Number }), Is.False, "numbers keep the pipeline path");
            Assert.That(sqlite.CanReadFromJson(new FieldDefinition { Name = "d", Label = "d", Type = FieldType.DateTime }), Is.False, "instants keep the pipeline path");
            Assert.That(sqlite.CanReadFromJson(new FieldDefinition { Name = "e", Label = "e", Type = FieldType.Text, Validation = new FieldValidation { Pattern = "[a-z]+" } }), Is.False, "a pattern keeps the pipeline path");
        });
    }
}
