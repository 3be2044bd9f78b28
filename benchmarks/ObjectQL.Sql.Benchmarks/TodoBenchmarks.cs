using System.Data.Common;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Dapper;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using ObjectQL.Drivers;
using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Sql.Benchmarks.Model;

namespace ObjectQL.Sql.Benchmarks;

/// <summary>
/// GetById, Filter100, InsertBatch1000 and UpdateBatch1000 on a 10,000-row todo_item table, side by side: ObjectQL
/// (the driver with untyped records, and "typed": the driver plus the generated TodoItem's FromRecord/ToRecord, what
/// the generated repository adds on top), raw ADO.NET (prepared command; batched where the store offers it), Dapper, EF Core.
/// Every form is async, as ObjectQL's API is.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public abstract class TodoBenchmarks
{
    private static readonly Query Filter100Query = new()
    {
        Where = new Filter.Comparison("status", FilterOperator.Eq, "open") & new Filter.Comparison("priority", FilterOperator.Gte, 5.0),
        OrderBy = [new SortSpec("due_date")],
        Limit = 100,
    };

    private int _read;
    private int _insert;
    private int _update;

    protected SqlDriver Driver { get; private set; } = null!;
    protected ObjectQLDatabase Database { get; private set; } = null!;
    protected Model.TodoItemRepository Todos { get; private set; } = null!;
    protected DbConnection Raw { get; private set; } = null!;
    protected DbConnection DapperConnection { get; private set; } = null!;
    protected PooledDbContextFactory<TodoContext> EfFactory { get; private set; } = null!;

    private DbCommand _getById = null!;
    private DbCommand _filter = null!;
    private DbCommand _insertOne = null!;
    private DbCommand _updateOne = null!;

    /// <summary>Creates the store and returns a token for <see cref="DropStore"/>.</summary>
    protected abstract string CreateStore();

    protected abstract void DropStore();

    protected abstract SqlDriver CreateDriver();

    /// <summary>An open connection with the same settings the driver uses.</summary>
    protected abstract DbConnection OpenConnection();

    protected abstract void ConfigureEf(DbContextOptionsBuilder<TodoContext> options);

    /// <summary>The placeholder of parameter <paramref name="index"/> in raw SQL.</summary>
    protected abstract string P(int index);

    /// <summary>Adds parameter <paramref name="index"/> to a raw command.</summary>
    protected abstract DbParameter Parameter(DbCommand command, int index);

    /// <summary>The fastest batched form the store offers for 1000 inserts, in one transaction.</summary>
    protected abstract Task InsertBatchRawAsync(IReadOnlyList<TodoRow> rows);

    /// <summary>The fastest batched form the store offers for 1000 updates, in one transaction.</summary>
    protected abstract Task UpdateBatchRawAsync(IReadOnlyList<TodoRow> rows);

    protected string InsertSql => $"INSERT INTO \"todo_item\" ({Todo.Columns}) VALUES ({string.Join(", ", Enumerable.Range(0, 12).Select(P))})";

    protected string UpdateSql => $"UPDATE \"todo_item\" SET \"title\" = {P(0)}, \"priority\" = {P(1)}, \"updated_at\" = {P(2)}, \"_version\" = {P(3)} WHERE \"id\" = {P(4)}";

    [GlobalSetup]
    public async Task Setup()
    {
        CreateStore();
        Driver = CreateDriver();
        await Driver.InitializeAsync(new ObjectModel([Todo.Definition]));
        var seed = Enumerable.Range(0, Todo.Rows).Select(i => Todo.Record(Todo.Row(Todo.Id(i), i))).ToArray();
        await Driver.InsertAsync(Todo.Definition, seed);

        // The full pipeline (permissions, validation, system fields, change events) over its own driver instance.
        Database = await ObjectQLDatabase.OpenAsync(CreateDriver(), Model.AppModel.Objects);
        Todos = Database.TodoItems();

        Raw = OpenConnection();
        DapperConnection = OpenConnection();
        var sample = Todo.Row("sample", 1);
        _getById = Prepare($"SELECT {Todo.Columns} FROM \"todo_item\" WHERE \"id\" = {P(0)}", "x");
        _filter = Prepare($"SELECT {Todo.Columns} FROM \"todo_item\" WHERE \"status\" = {P(0)} AND \"priority\" >= {P(1)} ORDER BY \"due_date\" LIMIT 100", "open", 5.0);
        _insertOne = Prepare(InsertSql, sample.Id, sample.Title, sample.Status, sample.Priority, sample.Done, sample.DueDate, "n", sample.CreatedAt, sample.UpdatedAt, sample.CreatedBy, sample.UpdatedBy, sample.Version);
        _updateOne = Prepare(UpdateSql, sample.Title, sample.Priority, sample.UpdatedAt, sample.Version, sample.Id);

        var options = new DbContextOptionsBuilder<TodoContext>();
        ConfigureEf(options);
        EfFactory = new PooledDbContextFactory<TodoContext>(options.Options);
        SqlMapper.AddTypeHandler(new DateOnlyHandler());
        SqlMapper.AddTypeHandler(new DateTimeOffsetHandler());
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await Raw.DisposeAsync();
        await DapperConnection.DisposeAsync();
        await Driver.DisposeAsync();
        await Database.DisposeAsync();
        DropStore();
    }

    // Sample values give every parameter its type before the statement is prepared.
    private DbCommand Prepare(string sql, params object[] samples)
    {
        var command = Raw.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < samples.Length; i++)
        {
            var parameter = Parameter(command, i);
            parameter.Value = samples[i];
            command.Parameters.Add(parameter);
        }
        command.Prepare();
        return command;
    }

    private string NextId() => Todo.Id(_read++ % Todo.Rows);

    // ---------------- GetById ----------------

    [Benchmark, BenchmarkCategory("GetById")]
    public Task<Record?> ObjectQL_GetById() => Driver.FindOneAsync(Todo.Definition, NextId());

    [Benchmark, BenchmarkCategory("GetById")]
    public async Task<Model.TodoItem?> ObjectQLTyped_GetById()
    {
        var record = await Driver.FindOneAsync(Todo.Definition, NextId());
        return record is null ? null : Model.TodoItem.FromRecord(record);
    }

    [Benchmark, BenchmarkCategory("GetById")]
    public Task<Model.TodoItem?> Repository_GetById() => Todos.FindOneAsync(NextId());

    [Benchmark(Baseline = true), BenchmarkCategory("GetById")]
    public async Task<TodoRow?> Raw_GetById()
    {
        _getById.Parameters[0].Value = NextId();
        await using var reader = await _getById.ExecuteReaderAsync();
        return await reader.ReadAsync() ? ReadRow(reader) : null;
    }

    [Benchmark, BenchmarkCategory("GetById")]
    public Task<TodoRow?> Dapper_GetById() =>
        DapperConnection.QueryFirstOrDefaultAsync<TodoRow>(DapperSelect + " WHERE id = @id", new { id = NextId() });

    [Benchmark, BenchmarkCategory("GetById")]
    public async Task<TodoRow?> EfCore_GetById()
    {
        await using var context = EfFactory.CreateDbContext();
        var id = NextId();
        return await context.Todos.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id);
    }

    // ---------------- Filter100 ----------------

    [Benchmark, BenchmarkCategory("Filter100")]
    public Task<IReadOnlyList<Record>> ObjectQL_Filter100() => Driver.FindAsync(Todo.Definition, Filter100Query);

    [Benchmark, BenchmarkCategory("Filter100")]
    public async Task<Model.TodoItem[]> ObjectQLTyped_Filter100()
    {
        var records = await Driver.FindAsync(Todo.Definition, Filter100Query);
        var entities = new Model.TodoItem[records.Count];
        for (var i = 0; i < entities.Length; i++)
        {
            entities[i] = Model.TodoItem.FromRecord(records[i]);
        }
        return entities;
    }

    [Benchmark, BenchmarkCategory("Filter100")]
    public Task<IReadOnlyList<Model.TodoItem>> Repository_Filter100() =>
        Todos.FindAsync(
            Model.TodoItem.Fields.Status.Eq(Model.TodoItemStatus.Open) & Model.TodoItem.Fields.Priority.Gte(5.0),
            orderBy: Model.TodoItem.Fields.DueDate.Asc(),
            limit: 100);

    [Benchmark(Baseline = true), BenchmarkCategory("Filter100")]
    public async Task<List<TodoRow>> Raw_Filter100()
    {
        _filter.Parameters[0].Value = "open";
        _filter.Parameters[1].Value = 5.0;
        var rows = new List<TodoRow>(100);
        await using var reader = await _filter.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(ReadRow(reader));
        }
        return rows;
    }

    [Benchmark, BenchmarkCategory("Filter100")]
    public async Task<List<TodoRow>> Dapper_Filter100() =>
        (await DapperConnection.QueryAsync<TodoRow>(DapperSelect + " WHERE status = @s AND priority >= @p ORDER BY due_date LIMIT 100", new { s = "open", p = 5.0 })).AsList();

    [Benchmark, BenchmarkCategory("Filter100")]
    public async Task<List<TodoRow>> EfCore_Filter100()
    {
        await using var context = EfFactory.CreateDbContext();
        return await context.Todos.AsNoTracking().Where(t => t.Status == "open" && t.Priority >= 5.0).OrderBy(t => t.DueDate).Take(100).ToListAsync();
    }

    // ---------------- InsertBatch1000 ----------------

    private TodoRow[] NewRows()
    {
        var start = _insert;
        _insert += 1000;
        var prefix = GetType().Name;
        return Enumerable.Range(start, 1000).Select(i => Todo.Row($"{prefix}-ins-{i:D9}", i)).ToArray();
    }

    [Benchmark, BenchmarkCategory("InsertBatch1000")]
    public Task ObjectQL_InsertBatch1000()
    {
        var rows = NewRows();
        var records = new Record[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            records[i] = Todo.Record(rows[i]);
        }
        return Driver.InsertAsync(Todo.Definition, records);
    }

    [Benchmark, BenchmarkCategory("InsertBatch1000")]
    public Task ObjectQLTyped_InsertBatch1000()
    {
        var rows = NewRows();
        var records = new Record[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            records[i] = Todo.Entity(rows[i]).ToRecord();
        }
        return Driver.InsertAsync(Todo.Definition, records);
    }

    [Benchmark, BenchmarkCategory("InsertBatch1000")]
    public Task<IReadOnlyList<Model.TodoItem>> Repository_InsertBatch1000()
    {
        var rows = NewRows();
        var entities = new Model.TodoItem[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            // The pipeline sets the system fields itself.
            var entity = Todo.Entity(rows[i]);
            entity.CreatedAt = entity.UpdatedAt = null;
            entity.CreatedBy = entity.UpdatedBy = null;
            entity.Version = 0;
            entities[i] = entity;
        }
        return Todos.CreateManyAsync(entities);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("InsertBatch1000")]
    public async Task Raw_InsertBatch1000()
    {
        var rows = NewRows();
        await using var transaction = await Raw.BeginTransactionAsync();
        _insertOne.Transaction = transaction;
        var p = _insertOne.Parameters;
        foreach (var row in rows)
        {
            p[0].Value = row.Id;
            p[1].Value = row.Title;
            p[2].Value = row.Status;
            p[3].Value = row.Priority;
            p[4].Value = row.Done;
            p[5].Value = row.DueDate;
            p[6].Value = (object?)row.Notes ?? DBNull.Value;
            p[7].Value = row.CreatedAt;
            p[8].Value = row.UpdatedAt;
            p[9].Value = row.CreatedBy;
            p[10].Value = row.UpdatedBy;
            p[11].Value = row.Version;
            await _insertOne.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }

    [Benchmark, BenchmarkCategory("InsertBatch1000")]
    public Task RawBatch_InsertBatch1000() => InsertBatchRawAsync(NewRows());

    [Benchmark, BenchmarkCategory("InsertBatch1000")]
    public async Task Dapper_InsertBatch1000()
    {
        var rows = NewRows();
        await using var transaction = await DapperConnection.BeginTransactionAsync();
        await DapperConnection.ExecuteAsync(
            "INSERT INTO todo_item (id, title, status, priority, done, due_date, notes, created_at, updated_at, created_by, updated_by, _version) " +
            "VALUES (@Id, @Title, @Status, @Priority, @Done, @DueDate, @Notes, @CreatedAt, @UpdatedAt, @CreatedBy, @UpdatedBy, @Version)",
            rows, transaction);
        await transaction.CommitAsync();
    }

    [Benchmark, BenchmarkCategory("InsertBatch1000")]
    public async Task EfCore_InsertBatch1000()
    {
        var rows = NewRows();
        await using var context = EfFactory.CreateDbContext();
        context.Todos.AddRange(rows);
        await context.SaveChangesAsync();
    }

    // ---------------- UpdateBatch1000 ----------------

    private TodoRow[] ChangedRows()
    {
        var round = _update++;
        var start = round * 1000 % Todo.Rows;
        var rows = new TodoRow[1000];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = new TodoRow
            {
                Id = Todo.Id(start + i),
                Title = $"Updated {round}-{i}",
                Priority = (round + i) % 10,
                UpdatedAt = Todo.Now.AddSeconds(round),
                Version = round + 2,
            };
        }
        return rows;
    }

    [Benchmark, BenchmarkCategory("UpdateBatch1000")]
    public Task<IReadOnlyList<bool>> ObjectQL_UpdateBatch1000()
    {
        var rows = ChangedRows();
        var changes = new RecordChange[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            changes[i] = new RecordChange(row.Id, new Record(4)
            {
                ["title"] = row.Title,
                ["priority"] = row.Priority,
                ["updated_at"] = row.UpdatedAt,
                ["_version"] = row.Version,
            });
        }
        return Driver.UpdateAsync(Todo.Definition, changes);
    }

    [Benchmark, BenchmarkCategory("UpdateBatch1000")]
    public Task<long> Repository_UpdateBatch1000()
    {
        var rows = ChangedRows();
        // One batched update in one transaction: each patch is checked and stamped in the pipeline and all are written
        // in one driver call; nothing needs the stored records (no hook, rule or change handler), so none is read and
        // the store increments each version itself.
        var patches = new (string, IPatch<Model.TodoItem>)[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            patches[i] = (row.Id, new Model.TodoItemPatch { Title = row.Title, Priority = row.Priority });
        }
        return Todos.UpdateManyAsync(patches);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("UpdateBatch1000")]
    public async Task Raw_UpdateBatch1000()
    {
        var rows = ChangedRows();
        await using var transaction = await Raw.BeginTransactionAsync();
        _updateOne.Transaction = transaction;
        var p = _updateOne.Parameters;
        foreach (var row in rows)
        {
            p[0].Value = row.Title;
            p[1].Value = row.Priority;
            p[2].Value = row.UpdatedAt;
            p[3].Value = row.Version;
            p[4].Value = row.Id;
            await _updateOne.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }

    [Benchmark, BenchmarkCategory("UpdateBatch1000")]
    public Task RawBatch_UpdateBatch1000() => UpdateBatchRawAsync(ChangedRows());

    [Benchmark, BenchmarkCategory("UpdateBatch1000")]
    public async Task Dapper_UpdateBatch1000()
    {
        var rows = ChangedRows();
        await using var transaction = await DapperConnection.BeginTransactionAsync();
        await DapperConnection.ExecuteAsync(
            "UPDATE todo_item SET title = @Title, priority = @Priority, updated_at = @UpdatedAt, _version = @Version WHERE id = @Id", rows, transaction);
        await transaction.CommitAsync();
    }

    [Benchmark, BenchmarkCategory("UpdateBatch1000")]
    public async Task EfCore_UpdateBatch1000()
    {
        var rows = ChangedRows();
        await using var context = EfFactory.CreateDbContext();
        foreach (var row in rows)
        {
            var entry = context.Todos.Attach(row);
            entry.Property(t => t.Title).IsModified = true;
            entry.Property(t => t.Priority).IsModified = true;
            entry.Property(t => t.UpdatedAt).IsModified = true;
            entry.Property(t => t.Version).IsModified = true;
        }
        await context.SaveChangesAsync();
    }

    // ---------------- helpers ----------------

    private const string DapperSelect =
        "SELECT id AS Id, title AS Title, status AS Status, priority AS Priority, done AS Done, due_date AS DueDate, notes AS Notes, " +
        "created_at AS CreatedAt, updated_at AS UpdatedAt, created_by AS CreatedBy, updated_by AS UpdatedBy, _version AS Version FROM todo_item";

    protected static TodoRow ReadRow(DbDataReader reader) => new()
    {
        Id = reader.GetString(0),
        Title = reader.GetString(1),
        Status = reader.GetString(2),
        Priority = reader.GetDouble(3),
        Done = reader.GetBoolean(4),
        DueDate = reader.GetFieldValue<DateOnly>(5),
        Notes = reader.IsDBNull(6) ? null : reader.GetString(6),
        CreatedAt = reader.GetFieldValue<DateTimeOffset>(7),
        UpdatedAt = reader.GetFieldValue<DateTimeOffset>(8),
        CreatedBy = reader.GetString(9),
        UpdatedBy = reader.GetString(10),
        Version = reader.GetInt64(11),
    };

    private sealed class DateOnlyHandler : SqlMapper.TypeHandler<DateOnly>
    {
        public override DateOnly Parse(object value) => value switch
        {
            DateOnly d => d,
            DateTime dt => DateOnly.FromDateTime(dt),
            string s => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture),
            _ => throw new InvalidCastException(value.GetType().Name),
        };

        public override void SetValue(System.Data.IDbDataParameter parameter, DateOnly value) => parameter.Value = value;
    }

    private sealed class DateTimeOffsetHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override DateTimeOffset Parse(object value) => value switch
        {
            DateTimeOffset d => d,
            DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
            string s => DateTimeOffset.Parse(s, System.Globalization.CultureInfo.InvariantCulture),
            _ => throw new InvalidCastException(value.GetType().Name),
        };

        public override void SetValue(System.Data.IDbDataParameter parameter, DateTimeOffset value) => parameter.Value = value;
    }
}
