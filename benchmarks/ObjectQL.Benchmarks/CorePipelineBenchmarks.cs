using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using ObjectQL.Drivers.Memory;
using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Values;

namespace ObjectQL.Benchmarks;

/// <summary>
/// The cost of the pipeline (permissions, normalization, hooks, validation, system fields, change events) per
/// operation: a plain dictionary of records, the memory driver called directly, and the full pipeline over the memory driver.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class CorePipelineBenchmarks
{
    private const int Rows = 1000;

    private static readonly ObjectDefinition Item = new()
    {
        Name = "bench_item",
        Label = "Bench Item",
        Fields =
        [
            new FieldDefinition { Name = "title", Label = "Title", Type = FieldType.Text, Required = true },
            new FieldDefinition { Name = "age", Label = "Age", Type = FieldType.Number },
            new FieldDefinition { Name = "done", Label = "Done", Type = FieldType.Boolean },
        ],
    };

    private static readonly Query FindQuery = new()
    {
        Where = new Filter.Comparison("age", FilterOperator.Gt, 500.0) & new Filter.Comparison("done", FilterOperator.Eq, false),
        OrderBy = [new SortSpec("age")],
        Limit = 20,
    };

    private readonly Dictionary<string, Record> _dictionary = new(StringComparer.Ordinal);
    private MemoryDriver _driver = null!;
    private MemoryDriver _pipelineDriver = null!;
    private ObjectQLDatabase _database = null!;
    private IObjectRepository _repository = null!;
    private int _next;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _driver = new MemoryDriver();
        _pipelineDriver = new MemoryDriver();
        var model = new ObjectModel([Item]);
        await _driver.InitializeAsync(model);
        _database = await ObjectQLDatabase.OpenAsync(_pipelineDriver, model);
        _repository = _database.Object(Item.Name);
        var seed = new List<Record>(Rows);
        for (var i = 0; i < Rows; i++)
        {
            var record = new Record { ["id"] = $"r{i:0000}", ["title"] = $"Item {i}", ["age"] = (double)i, ["done"] = i % 2 == 0 };
            seed.Add(record);
            _dictionary[record.Id!] = Copy(record);
        }
        await _repository.CreateManyAsync(seed);
        await _driver.InsertAsync(Item, seed.Select(r => WithSystemFields(r)).ToArray());
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _database.DisposeAsync();
        await _driver.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "Dictionary"), BenchmarkCategory("FindOne")]
    public Record? FindOneDictionary() => _dictionary.TryGetValue("r0500", out var r) ? Copy(r) : null;

    [Benchmark(Description = "MemoryDriver"), BenchmarkCategory("FindOne")]
    public Task<Record?> FindOneDriver() => _driver.FindOneAsync(Item, "r0500");

    [Benchmark(Description = "Pipeline"), BenchmarkCategory("FindOne")]
    public Task<Record?> FindOnePipeline() => _repository.FindOneAsync("r0500");

    [Benchmark(Baseline = true, Description = "Dictionary"), BenchmarkCategory("Find20of1000")]
    public List<Record> FindDictionary() => _dictionary.Values
        .Where(static r => (double)r["age"]! > 500 && (bool)r["done"]! == false)
        .OrderBy(static r => (double)r["age"]!).ThenBy(static r => r.Id, StringComparer.Ordinal)
        .Take(20).Select(Copy).ToList();

    [Benchmark(Description = "MemoryDriver"), BenchmarkCategory("Find20of1000")]
    public Task<IReadOnlyList<Record>> FindDriver() => _driver.FindAsync(Item, FindQuery);

    [Benchmark(Description = "Pipeline"), BenchmarkCategory("Find20of1000")]
    public Task<IReadOnlyList<Record>> FindPipeline() => _repository.FindAsync(FindQuery);

    [Benchmark(Baseline = true, Description = "Dictionary"), BenchmarkCategory("Update")]
    public Record UpdateDictionary()
    {
        var stored = _dictionary["r0100"];
        var updated = Copy(stored);
        updated["age"] = (double)(_next++ % 1000);
        _dictionary["r0100"] = updated;
        return updated;
    }

    [Benchmark(Description = "MemoryDriver"), BenchmarkCategory("Update")]
    public Task<IReadOnlyList<bool>> UpdateDriver() =>
        _driver.UpdateAsync(Item, [new Drivers.RecordChange("r0100", new Record { ["age"] = (double)(_next++ % 1000) })]);

    [Benchmark(Description = "Pipeline"), BenchmarkCategory("Update")]
    public Task<Record> UpdatePipeline() => _repository.UpdateAsync("r0100", new Record { ["age"] = (double)(_next++ % 1000) });

    [Benchmark(Baseline = true, Description = "Dictionary"), BenchmarkCategory("CreateDelete")]
    public bool CreateDeleteDictionary()
    {
        var id = $"c{_next++}";
        _dictionary[id] = Copy(new Record { ["id"] = id, ["title"] = "new", ["age"] = 1.0 });
        return _dictionary.Remove(id);
    }

    [Benchmark(Description = "MemoryDriver"), BenchmarkCategory("CreateDelete")]
    public async Task<bool> CreateDeleteDriver()
    {
        var id = $"c{_next++}";
        await _driver.InsertAsync(Item, [WithSystemFields(new Record { ["id"] = id, ["title"] = "new", ["age"] = 1.0 })]);
        return (await _driver.DeleteAsync(Item, [id]))[0];
    }

    [Benchmark(Description = "Pipeline"), BenchmarkCategory("CreateDelete")]
    public async Task<bool> CreateDeletePipeline()
    {
        var created = await _repository.CreateAsync(new Record { ["title"] = "new", ["age"] = 1.0 });
        return await _repository.DeleteAsync(created.Id!);
    }

    private static Record Copy(Record record)
    {
        var copy = new Record(record.Count);
        foreach (var (field, value) in record)
        {
            copy[field] = CanonicalValues.DeepCopy(value);
        }
        return copy;
    }

    private static Record WithSystemFields(Record record)
    {
        var copy = Copy(record);
        copy[SystemFields.CreatedAt] = DateTimeOffset.UnixEpoch;
        copy[SystemFields.UpdatedAt] = DateTimeOffset.UnixEpoch;
        copy[SystemFields.Version] = 1L;
        return copy;
    }
}
