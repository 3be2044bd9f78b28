using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using ObjectQL.Cloudflare.Tests.Miniflare;
using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Sql.Benchmarks;

namespace ObjectQL.Cloudflare.Benchmarks;

/// <summary>
/// GetById, Filter100 and InsertBatch1000 on a 10,000-row todo_item table in D1 (Miniflare's real workerd), through
/// the bridge Worker: ObjectQL's D1 driver beside the same SQL statements posted directly to the same bridge with a
/// plain HttpClient and parsed with JsonDocument (the baseline: what any hand-written D1 client pays).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class D1Benchmarks
{
    /// <summary>The Miniflare the program started.</summary>
    public static MiniflareServer Server { get; set; } = null!;

    private const string Select = "SELECT \"id\", \"title\", \"status\", \"priority\", \"done\", \"due_date\", \"notes\", \"created_at\", \"updated_at\", \"created_by\", \"updated_by\", \"_version\" FROM \"todo_item\"";

    private static readonly Query Filter100Query = new()
    {
        Where = new Filter.Comparison("status", FilterOperator.Eq, "open") & new Filter.Comparison("priority", FilterOperator.Gte, 5.0),
        OrderBy = [new SortSpec("due_date")],
        Limit = 100,
    };

    private readonly HttpClient _http = new();
    private D1Driver _driver = null!;
    private Uri _query = null!;
    private int _read;
    private int _insert;

    [GlobalSetup]
    public async Task Setup()
    {
        _driver = new D1Driver(Server.BridgeOptions, _http);
        _query = new Uri(Server.Url, "d1/query");
        await PostAsync(Body([("DROP TABLE IF EXISTS \"todo_item\"", [])]));
        await _driver.InitializeAsync(new ObjectModel([Todo.Definition]));
        for (var start = 0; start < Todo.Rows; start += 1000)
        {
            await _driver.InsertAsync(Todo.Definition, Enumerable.Range(start, 1000).Select(i => Todo.Record(Todo.Row(Todo.Id(i), i))).ToArray());
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _driver.DisposeAsync();
        _http.Dispose();
    }

    private string NextId() => Todo.Id(_read++ % Todo.Rows);

    [Benchmark, BenchmarkCategory("GetById")]
    public Task<Record?> ObjectQL_GetById() => _driver.FindOneAsync(Todo.Definition, NextId());

    [Benchmark(Baseline = true), BenchmarkCategory("GetById")]
    public Task<int> Direct_GetById() => PostAsync(Body([(Select + " WHERE \"id\" = ?1", [NextId()])]));

    [Benchmark, BenchmarkCategory("Filter100")]
    public Task<IReadOnlyList<Record>> ObjectQL_Filter100() => _driver.FindAsync(Todo.Definition, Filter100Query);

    [Benchmark(Baseline = true), BenchmarkCategory("Filter100")]
    public Task<int> Direct_Filter100() =>
        PostAsync(Body([(Select + " WHERE \"status\" = ?1 AND \"priority\" >= ?2 ORDER BY \"due_date\" LIMIT 100", ["open", 5.0])]));

    [Benchmark, BenchmarkCategory("InsertBatch1000")]
    public Task ObjectQL_InsertBatch1000() =>
        _driver.InsertAsync(Todo.Definition, NextBatch().Select(Todo.Record).ToArray());

    [Benchmark(Baseline = true), BenchmarkCategory("InsertBatch1000")]
    public Task<int> Direct_InsertBatch1000()
    {
        const string insert = "INSERT INTO \"todo_item\" (\"id\", \"title\", \"status\", \"priority\", \"done\", \"due_date\", \"notes\", \"created_at\", \"updated_at\", \"created_by\", \"updated_by\", \"_version\") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
        return PostAsync(Body(NextBatch().Select(r => (insert, new object?[]
        {
            r.Id, r.Title, r.Status, r.Priority, r.Done ? 1 : 0, r.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.Notes,
            r.CreatedAt.ToString("O", CultureInfo.InvariantCulture), r.UpdatedAt.ToString("O", CultureInfo.InvariantCulture), r.CreatedBy, r.UpdatedBy, r.Version,
        })).ToArray()));
    }

    private TodoRow[] NextBatch()
    {
        var batch = Interlocked.Increment(ref _insert);
        return Enumerable.Range(0, 1000).Select(i => Todo.Row($"bench-{batch:D6}-{i:D4}", i)).ToArray();
    }

    private static byte[] Body(IReadOnlyList<(string Sql, object?[] Params)> statements)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("batch");
            foreach (var (sql, parameters) in statements)
            {
                writer.WriteStartObject();
                writer.WriteString("sql", sql);
                writer.WriteStartArray("params");
                foreach (var value in parameters)
                {
                    switch (value)
                    {
                        case null: writer.WriteNullValue(); break;
                        case string text: writer.WriteStringValue(text); break;
                        case double number: writer.WriteNumberValue(number); break;
                        case long number: writer.WriteNumberValue(number); break;
                        case int number: writer.WriteNumberValue(number); break;
                        default: throw new ArgumentException(value.GetType().Name);
                    }
                }
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    // Posts one batch and reads the answer the way a hand-written client would: parse it, count the rows.
    private async Task<int> PostAsync(byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _query) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", MiniflareServer.BridgeSecret);
        using var response = await _http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var document = await JsonDocument.ParseAsync(stream);
        var rows = 0;
        foreach (var result in document.RootElement.GetProperty("result").EnumerateArray())
        {
            rows += result.GetProperty("results").GetArrayLength();
        }
        return rows;
    }
}
