using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Sqlite;

namespace ObjectQL.Sql.Benchmarks;

/// <summary>
/// "Filter100 with one expanded lookup and one summary field" on SQLite (docs/relationships.md): 10,000 tasks, each
/// with an owner among 100 and three subtasks; the first 100 open tasks by priority, each with its owner's name and its
/// count of subtasks. ObjectQL's full pipeline with <c>expand</c> and a <c>summary</c> field (the page, the owners by
/// id, one grouped count) beside the same read hand-written as one raw SQL statement (the page limited before the join,
/// the count grouped once), and EF Core's <c>Include</c> with a projected count.
/// </summary>
[MemoryDiagnoser]
public class SqliteExpandBenchmarks
{
    private const int Tasks = 10_000;
    private const int Owners = 100;
    private const int SubtasksPerTask = 3;

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
            new FieldDefinition { Name = "status", Label = "Status", Type = FieldType.Text, Index = true },
            new FieldDefinition { Name = "priority", Label = "Priority", Type = FieldType.Number },
            new FieldDefinition { Name = "owner", Label = "Owner", Type = FieldType.Lookup, ReferenceTo = "bench_owner" },
            new FieldDefinition
            {
                Name = "subtask_count",
                Label = "Subtasks",
                Type = FieldType.Summary,
                Summary = new SummaryDefinition { Object = "bench_subtask", Function = AggregateFunction.Count },
            },
        ],
    };

    private static readonly ObjectDefinition Subtask = new()
    {
        Name = "bench_subtask",
        Label = "Subtask",
        Fields =
        [
            new FieldDefinition { Name = "title", Label = "Title", Type = FieldType.Text },
            new FieldDefinition { Name = "task", Label = "Task", Type = FieldType.MasterDetail, ReferenceTo = "bench_task", Index = true },
        ],
    };

    private static readonly Query Filter100Expanded = new()
    {
        Where = new Filter.Comparison("status", FilterOperator.Eq, "open"),
        OrderBy = [new SortSpec("priority")],
        Limit = 100,
        Fields = ["title", "priority", "owner", "subtask_count"],
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
        _database = await ObjectQLDatabase.OpenAsync(new SqliteDriver($"Data Source={_path}"), new ObjectModel([Owner, Task, Subtask]));
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
        await _database.Object(Subtask.Name).CreateManyAsync([.. Enumerable.Range(0, Tasks * SubtasksPerTask).Select(static i => new Record
        {
            ["id"] = $"subtask-{i:D6}",
            ["title"] = $"Subtask {i}",
            ["task"] = $"task-{i / SubtasksPerTask:D5}",
        })]);

        _raw = new SqliteConnection($"Data Source={_path};Pooling=False");
        _raw.Open();
        _join = _raw.CreateCommand();
        // The page is limited before the join (a join first would look up the owner of every open task, then sort),
        // and the subtasks are counted for the page's 100 tasks only: the fastest form found by hand.
        _join.CommandText = "SELECT t.\"id\", t.\"title\", t.\"priority\", o.\"id\", o.\"name\", "
            + "(SELECT COUNT(*) FROM \"bench_subtask\" s WHERE s.\"task\" = t.\"id\") "
            + "FROM (SELECT \"id\", \"title\", \"priority\", \"owner\" FROM \"bench_task\" WHERE \"status\" = @status ORDER BY \"priority\", \"id\" LIMIT 100) t "
            + "LEFT JOIN \"bench_owner\" o ON o.\"id\" = t.\"owner\" ORDER BY t.\"priority\", t.\"id\"";
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
    public Task<IReadOnlyList<Record>> ObjectQL_Filter100_ExpandOwner_SubtaskCount() => _database.Object(Task.Name).FindAsync(Filter100Expanded);

    [Benchmark(Baseline = true)]
    public async Task<List<ExpandTask>> Raw_Filter100_JoinOwner_CountSubtasks()
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
                SubtaskCount = reader.GetInt32(5),
            });
        }
        return rows;
    }

    [Benchmark]
    public async Task<List<ExpandTask>> EfCore_Filter100_IncludeOwner_CountSubtasks()
    {
        await using var context = await _ef.CreateDbContextAsync();
        return await context.Tasks.AsNoTracking()
            .Where(static t => t.Status == "open").OrderBy(static t => t.Priority).ThenBy(static t => t.Id).Take(100)
            .Select(static t => new ExpandTask
            {
                Id = t.Id,
                Title = t.Title,
                Priority = t.Priority,
                OwnerId = t.OwnerId,
                Owner = t.Owner,
                SubtaskCount = t.Subtasks.Count,
            })
            .ToListAsync();
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
        public int SubtaskCount { get; set; }
        public List<ExpandSubtask> Subtasks { get; set; } = [];
    }

    /// <summary>A bench_subtask row (EF Core counts them).</summary>
    public sealed class ExpandSubtask
    {
        public string Id { get; set; } = "";
        public string? TaskId { get; set; }
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
            task.Ignore(static t => t.SubtaskCount);
            var subtask = modelBuilder.Entity<ExpandSubtask>();
            subtask.ToTable("bench_subtask");
            subtask.HasKey(static s => s.Id);
            subtask.Property(static s => s.Id).HasColumnName("id");
            subtask.Property(static s => s.TaskId).HasColumnName("task");
            task.HasMany(static t => t.Subtasks).WithOne().HasForeignKey(static s => s.TaskId);
        }
    }
}
