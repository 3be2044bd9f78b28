using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ObjectQL.Metadata;
using ObjectQL.Postgres;
using ObjectQL.Sqlite;
using ObjectQL.Sync.Client;
using ObjectQL.Sync.Client.Transport;
using ObjectQL.Sync.Protocol;
using ObjectQL.Testing.Postgres;

namespace ObjectQL.Sync.Benchmarks;

/// <summary>
/// A stopwatch run of a sync client's first pull: a fresh local store (a SQLite file or a PostgreSQL database) pulls
/// N creates of the offline PWA's to-do in pages of 500 through <see cref="HttpSyncTransport"/> from an in-process handler
/// that answers with wire JSON, so the time is the client's alone (reading the pages, staging, applying with the checkpoint).
/// <c>--client-pull [sqlite|postgres] [changes, default 10000] [runs, default 3]</c>.
/// </summary>
public static class ClientPull
{
    private const int PageSize = 500;

    private static readonly ObjectDefinition Todo = new()
    {
        Name = "todo_item",
        Label = "Todo Item",
        Fields =
        [
            new FieldDefinition { Name = "title", Label = "Title", Type = FieldType.Text, Required = true, Validation = new FieldValidation { MaxLength = 200 } },
            new FieldDefinition { Name = "done", Label = "Done", Type = FieldType.Boolean, DefaultValue = false },
            new FieldDefinition { Name = "priority", Label = "Priority", Type = FieldType.Select, Options = [Option("low"), Option("medium"), Option("high")], DefaultValue = "medium" },
        ],
        Sync = new SyncSettings { Enabled = true, Strategy = SyncStrategy.Crdt },
    };

    private static SelectOption Option(string value) => new() { Value = value, Label = value };

    public static async Task RunAsync(string[] args)
    {
        var words = args.SkipWhile(a => a != "--client-pull").Skip(1).TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var store = words.FirstOrDefault(w => !char.IsDigit(w[0])) ?? "sqlite";
        var numbers = words.Where(w => char.IsDigit(w[0])).Select(w => int.Parse(w, CultureInfo.InvariantCulture)).ToArray();
        var count = numbers.Length > 0 ? numbers[0] : 10000;
        var runs = numbers.Length > 1 ? numbers[1] : 3;
        var pages = Pages(count);
        Console.WriteLine($"load: {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine($"first pull of {count} creates into {store}, pages of {PageSize}");
        for (var run = 0; run < runs; run++)
        {
            var (elapsed, cpu) = await PullAsync(store, pages, count);
            Console.WriteLine($"run {run + 1}: {elapsed.TotalMilliseconds:F0} ms ({elapsed.TotalMilliseconds * 1000 / count:F1} us per change), " +
                $"process CPU {cpu.TotalMilliseconds:F0} ms");
        }
    }

    // The wall time of the pull and the CPU time this process spent meanwhile (on a shared machine the CPU time is the
    // steadier figure; it includes the JIT and the collector, and for PostgreSQL not the server's work).
    private static async Task<(TimeSpan Wall, TimeSpan Cpu)> PullAsync(string store, IReadOnlyList<byte[]> pages, int count)
    {
        string? file = null;
        Drivers.IObjectQLDriver driver;
        if (store == "postgres")
        {
            driver = new PostgresDriver(PostgresCluster.CreateDatabase("client_pull"));
        }
        else
        {
            file = Path.Combine(Path.GetTempPath(), $"objectql-client-pull-{Guid.NewGuid():N}.db");
            driver = new SqliteDriver($"Data Source={file}");
        }
        var options = new SyncClientOptions { ServerUrl = new Uri("http://127.0.0.1:9/") };
        using var http = new HttpClient(new PageHandler(pages));
        var plugin = new SyncClientPlugin(options, new HttpSyncTransport(http, options));
        try
        {
            await using var database = await ObjectQLDatabase.CreateBuilder().UseDriver(driver).AddModel(new ObjectModel([Todo])).AddPlugin(plugin).OpenAsync();
            var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            TimeSpan cpu;
            await using (var client = await plugin.StartAsync())
            {
                await client.WaitForSyncAsync();
                watch.Stop();
                process.Refresh();
                cpu = process.TotalProcessorTime - cpuBefore;
            }
            var held = await database.Object(Todo.Name).CountAsync(null);
            if (held != count)
            {
                throw new InvalidOperationException($"The pull left {held} to-dos, not {count}.");
            }
            return (watch.Elapsed, cpu);
        }
        finally
        {
            if (file is not null)
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                File.Delete(file);
            }
        }
    }

    // Each page as the wire JSON a server answers with; the checkpoint is the index of the page to send next.
    private static List<byte[]> Pages(int count)
    {
        var pages = new List<byte[]>();
        for (var from = 0; from < count || pages.Count == 0; from += PageSize)
        {
            var changes = Enumerable.Range(from, Math.Min(PageSize, count - from)).Select(Change).ToList();
            var next = pages.Count + 1;
            var response = new SyncPushResponse([], changes, next.ToString(CultureInfo.InvariantCulture), from + PageSize < count, false,
                "2026-12-04T10:00:00.000Z-00000000-server", 0, SyncLimits.Default);
            pages.Add(SyncJson.Write(response, SyncJsonContext.Default.SyncPushResponse));
        }
        return pages;
    }

    private static SyncServerChange Change(int i)
    {
        var id = $"0193a000-0000-7000-8000-{i:D12}";
        var clock = $"2026-12-04T09:00:00.000Z-{i:x8}-server";
        var data = new Dictionary<string, JsonElement>(StringComparer.Ordinal)
        {
            ["id"] = Json($"\"{id}\""),
            ["title"] = Json($"\"To-do number {i}\""),
            ["done"] = Json(i % 3 == 0 ? "true" : "false"),
            ["priority"] = Json(i % 2 == 0 ? "\"medium\"" : "\"high\""),
            ["created_at"] = Json("\"2026-12-04T09:00:00.000Z\""),
            ["updated_at"] = Json("\"2026-12-04T09:00:00.000Z\""),
            ["created_by"] = Json("\"seed\""),
            ["updated_by"] = Json("\"seed\""),
        };
        var clocks = new Dictionary<string, string>(StringComparer.Ordinal) { ["title"] = clock, ["done"] = clock, ["priority"] = clock };
        return new SyncServerChange(Todo.Name, id, MutationOperation.Create, 1, "2026-12-04T09:00:00.000Z", clock, data, clocks);
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    // Answers each request with the next page of the pull as its wire JSON, in process, so the client reads it through
    // HttpSyncTransport as it reads a server's answer (and keeps the body it stages), without a socket.
    private sealed class PageHandler(IReadOnlyList<byte[]> pages) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var sent = SyncJson.ReadRequest(await request.Content!.ReadAsByteArrayAsync(cancellationToken), int.MaxValue);
            var page = sent.LastCheckpoint is { } checkpoint ? int.Parse(checkpoint, CultureInfo.InvariantCulture) : 0;
            var body = page < pages.Count
                ? pages[page]
                : SyncJson.Write(new SyncPushResponse([], [], sent.LastCheckpoint!, false, false, "2026-12-04T10:00:00.000Z-00000000-server", 0, SyncLimits.Default),
                    SyncJsonContext.Default.SyncPushResponse);
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(SyncProtocol.ContentType);
            return new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = content };
        }
    }
}
