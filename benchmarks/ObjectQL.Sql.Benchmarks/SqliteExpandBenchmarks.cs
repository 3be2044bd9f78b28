using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Sqlite;

namespace ObjectQL.Sql.Benchmarks;

/// <summary>
/// "Filter100 with one expanded lookup" on SQLite (docs/relationships.md): 10,000 tasks, each with an owner among 100;
/// the first 100 open tasks by priority, each with its owner's name. ObjectQL's full pipeline with <c>expand</c> (two
/// queries: the page, then the owners by id) beside the same read hand-written as one raw SQL join, and EF Core's
/// <c>Include</c>.
/// </summary>
[MemoryDiagnoser]
public class SqliteExpandBenchmarks
{
    private const int Tasks = 10_000;
    private const int Owners = 100;

    private static readonly ObjectDefinition Owner = new()
    {
        Name = "bench_owner",
        Label = "Owner",
        Fields = [new FieldDefinition { Name = "name", Label = "Name", Type = FieldType.Text }],
    };

    private static readonly ObjectDefinition Task = new()
    {
        Name = "bench_task",
        Label = "Task",
        Fields =
        [
            new FieldDefinition { Name = "title", Label = "Title", Type = FieldType.Text },
            new FieldDefinition { Name = "status", Label = "Status", Type = FieldType.Text },
            new FieldDefinition { Name = "priority", Label = "Priority", Type = FieldType.Number },
            new FieldDefinition { Name = "owner", Label = "Owner", Type = FieldType.Lookup, ReferenceTo = "bench_owner" },
        ],
    };

    private static readonly Query Filter100Expanded = new()
    {
        Where = new Filter.Comparison("status", FilterOperator.Eq, "open"),
        OrderBy = [new SortSpec("priority")],
        Limit = 100,
        Fields = ["title", "priority", "owner"],
        Expand = [new Expansion("owner") { Fields = ["name"] }],
    };

    private string _path = "";
    private ObjectQLDatabase _database = null!;
    private SqliteConnection _raw = null!;
    private SqliteCommand _join = null!;
    private PooledDbContextFactory<ExpandContext> _ef = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), $"objectql-expand-bench-{Guid.NewGuid():N}.db");
        _database = await ObjectQLDatabase.OpenAsync(new SqliteDriver($"Data Source={_path}"), new ObjectModel([Owner, Task]));
        await _database.Object(Owner.Name).CreateManyAsync(
            [.. Enumerable.Range(0, Owners).Select(static i => new Record { ["id"] = $"owner-{i:D3}", ["name"] = $"Owner {i}" })]);
        await _database.Object(Task.Name).CreateManyAsync([.. Enumerable.Range(0, Tasks).Select(static i => new Record
        {
            ["id"] = $"task-{i:D5}",
            ["title"] = $"Task {i}",
            ["status"] = i % 3 == 0 ? "open" : "done",
            ["priority"] = (double)(i % 10),
            ["owner"] = $"owner-{i % Owners:D3}",
        })]);

        _raw = new SqliteConnection($"Data Source={_path};Pooling=False");
        _raw.Open();
        _join = _raw.CreateCommand();
        _join.CommandText = "SELECT t.\"id\", t.\"title\", t.\"priority\", o.\"id\", o.\"name\" FROM \"bench_task\" t LEFT JOIN \"bench_owner\" o ON o.\"id\" = t.\"owner\" "
            + "WHERE t.\"status\" = @status ORDER BY t.\"priority\", t.\"id\" LIMIT 100";
        _join.Parameters.Add(new SqliteParameter("@status", "open"));
        _join.Prepare();

        var options = new DbContextOptionsBuilder<ExpandContext>().UseSqlite($"Data Source={_path}").Options;
        _ef = new PooledDbContextFactory<ExpandContext>(options);
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _join.DisposeAsync();
        await _raw.DisposeAsync();
        await _database.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }
    }

    [Benchmark]
    public Task<IReadOnlyList<Record>> ObjectQL_Filter100_ExpandOwner() => _database.Object(Task.Name).FindAsync(Filter100Expanded);

    [Benchmark(Baseline = true)]
    public async Task<List<ExpandTask>> Raw_Filter100_JoinOwner()
    {
        var rows = new List<ExpandTask>(100);
        await using var reader = await _join.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new ExpandTask
            {
                Id = reader.GetString(0),
                Title = reader.GetString(1),
                Priority = reader.GetDouble(2),
                Owner = reader.IsDBNull(3) ? null : new ExpandOwner { Id = reader.GetString(3), Name = reader.GetString(4) },
            });
        }
        return rows;
    }

    [Benchmark]
    public async Task<List<ExpandTask>> EfCore_Filter100_IncludeOwner()
    {
        await using var context = await _ef.CreateDbContextAsync();
        return await context.Tasks.AsNoTracking().Include(static t => t.Owner)
            .Where(static t => t.Status == "open").OrderBy(static t => t.Priority).ThenBy(static t => t.Id).Take(100).ToListAsync();
    }

    /// <summary>A bench_task row as the raw and EF Core forms read it.</summary>
    public sealed class ExpandTask
    {
        public string Id { get; set; } = "";
        public string Title { get; set; } = "";
        public string Status { get; set; } = "";
        public double Priority { get; set; }
        public string? OwnerId { get; set; }
        public ExpandOwner? Owner { get; set; }
    }

    /// <summary>A bench_owner row.</summary>
    public sealed class ExpandOwner
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
    }

    /// <summary>EF Core's view of the two tables (the columns the read needs).</summary>
    public sealed class ExpandContext(DbContextOptions<ExpandContext> options) : DbContext(options)
    {
        public DbSet<ExpandTask> Tasks => Set<ExpandTask>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            var owner = modelBuilder.Entity<ExpandOwner>();
            owner.ToTable("bench_owner");
            owner.HasKey(static o => o.Id);
            owner.Property(static o => o.Id).HasColumnName("id");
            owner.Property(static o => o.Name).HasColumnName("name");
            var task = modelBuilder.Entity<ExpandTask>();
            task.ToTable("bench_task");
            task.HasKey(static t => t.Id);
            task.Property(static t => t.Id).HasColumnName("id");
            task.Property(static t => t.Title).HasColumnName("title");
            task.Property(static t => t.Status).HasColumnName("status");
            task.Property(static t => t.Priority).HasColumnName("priority");
            task.Property(static t => t.OwnerId).HasColumnName("owner");
            task.HasOne(static t => t.Owner).WithMany().HasForeignKey(static t => t.OwnerId);
        }
    }
}
