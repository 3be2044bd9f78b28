using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ObjectQL.Sqlite;

namespace ObjectQL.Sql.Benchmarks;

/// <summary>The todo benchmarks on a SQLite file in WAL mode.</summary>
public class SqliteTodoBenchmarks : TodoBenchmarks
{
    private string _path = "";
    private SqliteCommand? _insertMany;
    private SqliteCommand? _updateMany;

    protected override string CreateStore()
    {
        _path = Path.Combine(Path.GetTempPath(), $"objectql-bench-{Guid.NewGuid():N}.db");
        return _path;
    }

    protected override void DropStore()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }
    }

    protected override SqlDriver CreateDriver() => new SqliteDriver($"Data Source={_path}");

    protected override DbConnection OpenConnection()
    {
        var connection = new SqliteConnection($"Data Source={_path};Pooling=False");
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA journal_mode = WAL;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    protected override void ConfigureEf(DbContextOptionsBuilder<TodoContext> options) => options.UseSqlite($"Data Source={_path}");

    protected override string P(int index) => "@p" + index;

    protected override DbParameter Parameter(DbCommand command, int index) => new SqliteParameter("@p" + index, DBNull.Value);

    // SQLite has no DbBatch; its batched form is one multi-row statement.
    protected override async Task InsertBatchRawAsync(IReadOnlyList<TodoRow> rows)
    {
        if (_insertMany is null)
        {
            _insertMany = (SqliteCommand)Raw.CreateCommand();
            var values = Enumerable.Range(0, rows.Count).Select(r => "(" + string.Join(", ", Enumerable.Range(0, 12).Select(c => $"@r{r}c{c}")) + ")");
            _insertMany.CommandText = $"INSERT INTO \"todo_item\" ({Todo.Columns}) VALUES {string.Join(", ", values)}";
            for (var r = 0; r < rows.Count; r++)
            {
                for (var c = 0; c < 12; c++)
                {
                    _insertMany.Parameters.Add(new SqliteParameter($"@r{r}c{c}", DBNull.Value));
                }
            }
        }
        await using var transaction = await Raw.BeginTransactionAsync();
        _insertMany.Transaction = (SqliteTransaction)transaction;
        var p = _insertMany.Parameters;
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            var o = r * 12;
            p[o].Value = row.Id;
            p[o + 1].Value = row.Title;
            p[o + 2].Value = row.Status;
            p[o + 3].Value = row.Priority;
            p[o + 4].Value = row.Done;
            p[o + 5].Value = row.DueDate;
            p[o + 6].Value = (object?)row.Notes ?? DBNull.Value;
            p[o + 7].Value = row.CreatedAt;
            p[o + 8].Value = row.UpdatedAt;
            p[o + 9].Value = row.CreatedBy;
            p[o + 10].Value = row.UpdatedBy;
            p[o + 11].Value = row.Version;
        }
        await _insertMany.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }

    // UPDATE ... FROM (VALUES ...): one statement for the 1000 rows.
    protected override async Task UpdateBatchRawAsync(IReadOnlyList<TodoRow> rows)
    {
        if (_updateMany is null)
        {
            _updateMany = (SqliteCommand)Raw.CreateCommand();
            var values = Enumerable.Range(0, rows.Count).Select(r => "(" + string.Join(", ", Enumerable.Range(0, 5).Select(c => $"@r{r}c{c}")) + ")");
            _updateMany.CommandText =
                "UPDATE \"todo_item\" SET \"title\" = v.column2, \"priority\" = v.column3, \"updated_at\" = v.column4, \"_version\" = v.column5 " +
                $"FROM (VALUES {string.Join(", ", values)}) AS v WHERE \"todo_item\".\"id\" = v.column1";
            for (var r = 0; r < rows.Count; r++)
            {
                for (var c = 0; c < 5; c++)
                {
                    _updateMany.Parameters.Add(new SqliteParameter($"@r{r}c{c}", DBNull.Value));
                }
            }
        }
        await using var transaction = await Raw.BeginTransactionAsync();
        _updateMany.Transaction = (SqliteTransaction)transaction;
        var p = _updateMany.Parameters;
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            var o = r * 5;
            p[o].Value = row.Id;
            p[o + 1].Value = row.Title;
            p[o + 2].Value = row.Priority;
            p[o + 3].Value = row.UpdatedAt;
            p[o + 4].Value = row.Version;
        }
        await _updateMany.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }
}
