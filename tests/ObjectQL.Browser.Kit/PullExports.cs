using System.Runtime.InteropServices.JavaScript;
using System.Text;
using Microsoft.Extensions.Logging;
using ObjectQL.Metadata;
using ObjectQL.Sql;
using ObjectQL.Sync.Client;
using ObjectQL.Sync.Client.Transport;
using ObjectQL.Testing;

namespace ObjectQL.Browser.Kit;

/// <summary>
/// A first pull applied two ways in the page, for the browser pull tests: by the store itself (the Worker) and by the
/// client's own path, each into its own database, then every row of the object's table and the client's tables dumped
/// as SQLite holds them (quote(): type and bytes), so the two can be compared exactly.
/// </summary>
public static partial class PullExports
{
    private const string LabelName = "pull_label";
    private const string NoteName = "sync_note";

    /// <summary>Writes <paramref name="count"/> varied labels (and updates and deletes of some) to the server; answers the status.</summary>
    [JSExport]
    public static async Task<string> SeedAsync(string origin, int count)
    {
        await using var writer = await OpenAsync(origin, "pull-writer.db", Label(), reference: false);
        var labels = writer.Database.ForUser("alice", "member").Object(LabelName);
        var records = new List<Record>();
        for (var i = 0; i < count; i++)
        {
            records.Add(Varied(i));
        }
        await labels.CreateManyAsync(records);
        await writer.Client.WaitForSyncAsync();
        // Updates and deletes after the creates: the log part of the pull.
        for (var i = 0; i < count; i += 7)
        {
            await labels.UpdateAsync(Id(i), new Record { ["name"] = $"renamed {i} \u00e9\u00e8 \"q\"", ["done"] = i % 2 == 0, ["memo"] = null });
        }
        for (var i = 3; i < count; i += 11)
        {
            await labels.DeleteAsync(Id(i));
        }
        await writer.Client.WaitForSyncAsync();
        return $"pending={writer.Client.Status.PendingCount}";
    }

    /// <summary>Writes one note (an object the pulling stores do not know) to the server.</summary>
    [JSExport]
    public static async Task<string> SeedNoteAsync(string origin)
    {
        await using var writer = await OpenAsync(origin, "pull-note-writer.db", Label(), reference: false, withNote: true);
        await writer.Database.ForUser("alice", "member").Object(NoteName).CreateAsync(new Record { ["title"] = "a note", ["rank"] = 1.5 });
        await writer.Client.WaitForSyncAsync();
        return $"pending={writer.Client.Status.PendingCount}";
    }

    /// <summary>
    /// A first pull into the new database <paramref name="name"/>; answers JSON: the dump, how many changes the store
    /// applied itself and how many pages it left to the client. <paramref name="variant"/>: <c>plain</c>;
    /// <c>reference</c> (a change handler subscribed, so the client applies the pull itself); <c>pending</c> (a label
    /// written before the first sync); <c>unknown-field</c> (the local object lacks <c>notes</c>); <c>wrong-type</c>
    /// (the local <c>tone</c> is a boolean); <c>failing</c> (the server fails the pull's third request once, a page
    /// asked for while the second was staged; the sync is asked for again). Add <c>+reference</c> to any for the
    /// client's own path.
    /// </summary>
    [JSExport]
    public static async Task<string> PullAsync(string origin, string name, string variant)
    {
        var reference = variant.EndsWith("+reference", StringComparison.Ordinal) || variant == "reference";
        var shape = variant.Replace("+reference", string.Empty, StringComparison.Ordinal);
        var label = shape switch
        {
            "unknown-field" => Label(without: "notes"),
            "wrong-type" => Label(toneType: FieldType.Boolean),
            _ => Label(),
        };
        await using var store = await OpenAsync(origin, name, label, reference, start: false, failRequest: shape == "failing" ? name + ":3" : null);
        if (shape == "pending")
        {
            await store.Database.ForUser("alice", "member").Object(LabelName).CreateAsync(new Record { [SystemFields.Id] = "local-1", ["name"] = "written before the first sync" });
        }
        await store.StartAsync();
        try
        {
            await store.Client.WaitForSyncAsync();
        }
        // The run that fails may be the one this wait asked for, or the one the start began (then the wait succeeds).
        catch (SyncTransportException) when (shape == "failing")
        {
            await store.Client.WaitForSyncAsync();
        }
        var dump = await DumpAsync(store.Driver, label);
        using var buffer = new MemoryStream();
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("applied", store.Log.Applied);
            json.WriteNumber("leftToClient", store.Log.LeftToClient);
            json.WriteNumber("pending", store.Client.Status.PendingCount);
            json.WriteNumber("failed", store.Log.Failed);
            json.WriteString("dump", dump);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static Record Varied(int i)
    {
        var record = new Record { [SystemFields.Id] = Id(i), ["name"] = Names[i % Names.Length] + " " + i };
        if (i % 3 != 0)
        {
            record["memo"] = i % 2 == 0 ? "line one\nline two\ttab \\ backslash \"quoted\" <b>&amp;</b> 'single' +plus `tick`" : "\u65e5\u672c\u8a9e \ud83d\ude00 \u00fc";
        }
        if (i % 4 == 1)
        {
            record["notes"] = "# heading\n\n* item " + i;
        }
        if (i % 5 == 2)
        {
            record["page"] = "<p>para\u2028graph \u0001 control</p>";
        }
        if (i % 2 == 1)
        {
            record["done"] = i % 4 == 1;
        }
        if (i % 6 != 5)
        {
            record["tone"] = (i % 3) switch { 0 => "low", 1 => "medium", _ => "high" };
        }
        return record;
    }

    private static readonly string[] Names = ["plain", "caf\u00e9", "emoji \ud83c\udf89", "quote \" and \\ slash", "tab\there", "<html> & 'apostrophe'", "a+b=c `x`", "\u00a0nbsp"];

    private static string Id(int i) => $"label-{i:D4}";

    /// <summary><c>pull_label</c> as the test server defines it (tests/ObjectQL.Sync.TestServer/SyncTestModel.cs), or a variant of it.</summary>
    private static ObjectDefinition Label(string? without = null, FieldType toneType = FieldType.Select)
    {
        FieldDefinition[] fields =
        [
            new() { Name = "name", Label = "Name", Type = FieldType.Text, Required = true, MaxLength = 200 },
            TestModels.Field("memo", FieldType.Textarea),
            TestModels.Field("notes", FieldType.Markdown),
            TestModels.Field("page", FieldType.Html),
            new() { Name = "done", Label = "Done", Type = FieldType.Boolean, DefaultValue = false },
            toneType == FieldType.Select
                ? new()
                {
                    Name = "tone", Label = "Tone", Type = FieldType.Select, DefaultValue = "medium",
                    Options = [new SelectOption { Label = "Low", Value = "low" }, new SelectOption { Label = "Medium", Value = "medium" }, new SelectOption { Label = "High", Value = "high" }],
                }
                : TestModels.Field("tone", toneType),
        ];
        return new ObjectDefinition
        {
            Name = LabelName,
            Label = "Pull Label",
            Fields = [.. fields.Where(f => f.Name != without)],
            Sync = new SyncSettings { Enabled = true, Strategy = SyncStrategy.LastWriteWins },
            Permissions = new PermissionDefinition
            {
                Name = LabelName + "_permissions",
                Object = LabelName,
                Roles = ["member"],
                ObjectPermissions = new ObjectPermissions { Create = ["member"], Read = ["member"], Update = ["member"], Delete = ["member"] },
            },
        };
    }

    private static async Task<Store> OpenAsync(
        string origin, string name, ObjectDefinition label, bool reference, bool start = true, bool withNote = false, string? failRequest = null)
    {
        var http = new HttpClient { BaseAddress = new Uri(origin) };
        http.DefaultRequestHeaders.Add("X-Test-User", "alice");
        http.DefaultRequestHeaders.Add("X-Test-Roles", "member");
        if (failRequest is not null)
        {
            // The test's proxy (Scripts/static-server.mjs) answers this request of the name 503, once.
            http.DefaultRequestHeaders.Add("X-Test-Fail-Request", failRequest);
        }
        var options = new SyncClientOptions { ServerUrl = new Uri(origin), EngineLease = TimeSpan.FromSeconds(10) };
        var log = new PullLog();
        var plugin = new SyncClientPlugin(options, new HttpSyncTransport(http, options), null, log);
        var driver = new BrowserSqliteDriver(new BrowserSqliteOptions { DatabaseName = name, Storage = BrowserStorage.Memory });
        var database = await ObjectQLDatabase.CreateBuilder()
            .UseDriver(driver)
            .AddModel(new ObjectModel(withNote ? [label, SyncExports.Note] : [label]))
            .AddPlugin(plugin)
            .OpenAsync();
        var store = new Store(database, driver, plugin, log);
        if (reference)
        {
            // Another change handler: the store must not apply the pull itself (its creates raise no change events).
            store.Subscription = database.Changes.Subscribe(static (_, _) => ValueTask.CompletedTask);
        }
        if (start)
        {
            await store.StartAsync();
        }
        return store;
    }

    // Every row of the object's table (its timing columns left out) and of the synced copies, the client's state row
    // (what a response writes to it, without times; a checkpoint is signed at the time the server answers: there or not), and the counts of staged pages and logged mutations.
    private static async Task<string> DumpAsync(BrowserSqliteDriver driver, ObjectDefinition label)
    {
        var text = new StringBuilder();
        var table = driver.TableFor(label);
        await DumpTableAsync(driver, text, table.QuotedName, [SystemFields.CreatedAt, SystemFields.UpdatedAt], null);
        await DumpTableAsync(driver, text, "\"_objectql_client_records\"", [], null);
        text.Append(await ScalarAsync(driver,
            "SELECT quote(checkpoint IS NOT NULL) || ',' || quote(resyncing) || ',' || quote(resync_reason) || ',' || quote(highest_sequence) || ',' || quote(max_mutations) || ',' || quote(max_record_bytes) FROM \"_objectql_client_state\" WHERE id = 'client'"));
        text.Append("\nstaged=").Append(await ScalarAsync(driver, "SELECT COUNT(*) FROM \"_objectql_client_staging\""));
        text.Append("\nmutations=").Append(await ScalarAsync(driver, "SELECT COUNT(*) FROM \"_objectql_client_mutations\""));
        return text.ToString();
    }

    private static async Task DumpTableAsync(BrowserSqliteDriver driver, StringBuilder text, string table, string[] leftOut, string? where)
    {
        var columns = await RowsAsync(driver, $"SELECT name FROM pragma_table_info('{table.Trim('"')}') ORDER BY cid");
        var kept = columns.Where(c => !leftOut.Contains(c)).Select(c => $"quote(\"{c}\")");
        text.Append(table).Append(": ").AppendJoin(",", columns.Where(c => !leftOut.Contains(c))).Append('\n');
        foreach (var row in await RowsAsync(driver, $"SELECT {string.Join(" || ',' || ", kept)} FROM {table} {where} ORDER BY id"))
        {
            text.Append(row).Append('\n');
        }
    }

    private static async Task<string> ScalarAsync(BrowserSqliteDriver driver, string sql) => (await RowsAsync(driver, $"SELECT CAST(({sql}) AS TEXT)")).Single();

    private static async Task<List<string>> RowsAsync(BrowserSqliteDriver driver, string sql) =>
        await driver.Store.QueryAsync(new SqlStatement(sql), 0, static async (reader, _, ct) =>
        {
            var rows = new List<string>();
            while (await reader.ReadAsync(ct))
            {
                rows.Add(reader.IsNull(0) ? "NULL" : reader.GetString(0));
            }
            return rows;
        }, null, CancellationToken.None);

    private sealed class Store(ObjectQLDatabase database, BrowserSqliteDriver driver, SyncClientPlugin plugin, PullLog log) : IAsyncDisposable
    {
        public ObjectQLDatabase Database => database;

        public BrowserSqliteDriver Driver => driver;

        public PullLog Log => log;

        public SyncClient Client { get; private set; } = null!;

        public IDisposable? Subscription { get; set; }

        public async Task StartAsync() => Client = await plugin.StartAsync();

        public async ValueTask DisposeAsync()
        {
            Subscription?.Dispose();
            if (Client is not null)
            {
                await Client.DisposeAsync();
            }
            await database.DisposeAsync();
        }
    }

    // Counts the sync client's two messages about a pull applied in the store (events 13 and 14 of its log) and its
    // failed runs (event 2).
    private sealed class PullLog : ILoggerFactory, ILogger
    {
        public int Failed { get; private set; }

        public int Applied { get; private set; }

        public int LeftToClient { get; private set; }

        public ILogger CreateLogger(string categoryName) => this;

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == 13)
            {
                Applied++;
            }
            else if (eventId.Id == 2)
            {
                Failed++;
            }
            else if (eventId.Id == 14)
            {
                LeftToClient++;
                Console.WriteLine("left to the client: " + formatter(state, exception));
            }
        }

        public void Dispose()
        {
        }
    }
}
