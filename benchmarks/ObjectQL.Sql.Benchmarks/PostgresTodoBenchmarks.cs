using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ObjectQL.Postgres;
using ObjectQL.Testing.Postgres;

namespace ObjectQL.Sql.Benchmarks;

/// <summary>The todo benchmarks on PostgreSQL over loopback (a cluster this process starts).</summary>
public class PostgresTodoBenchmarks : TodoBenchmarks
{
    private string _connectionString = "";

    protected override string CreateStore() => _connectionString = PostgresCluster.CreateDatabase("bench");

    protected override void DropStore() => PostgresCluster.DropDatabase(_connectionString);

    protected override SqlDriver CreateDriver() => new PostgresDriver(_connectionString);

    protected override DbConnection OpenConnection()
    {
        var connection = new NpgsqlConnection(_connectionString);
        connection.Open();
        return connection;
    }

    protected override void ConfigureEf(DbContextOptionsBuilder<TodoContext> options) => options.UseNpgsql(_connectionString);

    protected override string P(int index) => "$" + (index + 1);

    protected override DbParameter Parameter(DbCommand command, int index) => new NpgsqlParameter();

    protected override async Task InsertBatchRawAsync(IReadOnlyList<TodoRow> rows)
    {
        var connection = (NpgsqlConnection)Raw;
        await using var transaction = await connection.BeginTransactionAsync();
        await using var batch = new NpgsqlBatch(connection, transaction);
        var sql = InsertSql;
        foreach (var row in rows)
        {
            var command = new NpgsqlBatchCommand(sql);
            var p = command.Parameters;
            p.Add(new NpgsqlParameter<string> { TypedValue = row.Id });
            p.Add(new NpgsqlParameter<string> { TypedValue = row.Title });
            p.Add(new NpgsqlParameter<string> { TypedValue = row.Status });
            p.Add(new NpgsqlParameter<double> { TypedValue = row.Priority });
            p.Add(new NpgsqlParameter<bool> { TypedValue = row.Done });
            p.Add(new NpgsqlParameter<DateOnly> { TypedValue = row.DueDate });
            p.Add(new NpgsqlParameter { Value = (object?)row.Notes ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            p.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = row.CreatedAt });
            p.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = row.UpdatedAt });
            p.Add(new NpgsqlParameter<string> { TypedValue = row.CreatedBy });
            p.Add(new NpgsqlParameter<string> { TypedValue = row.UpdatedBy });
            p.Add(new NpgsqlParameter<long> { TypedValue = row.Version });
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }

    protected override async Task UpdateBatchRawAsync(IReadOnlyList<TodoRow> rows)
    {
        var connection = (NpgsqlConnection)Raw;
        await using var transaction = await connection.BeginTransactionAsync();
        await using var batch = new NpgsqlBatch(connection, transaction);
        var sql = UpdateSql;
        foreach (var row in rows)
        {
            var command = new NpgsqlBatchCommand(sql);
            var p = command.Parameters;
            p.Add(new NpgsqlParameter<string> { TypedValue = row.Title });
            p.Add(new NpgsqlParameter<double> { TypedValue = row.Priority });
            p.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = row.UpdatedAt });
            p.Add(new NpgsqlParameter<long> { TypedValue = row.Version });
            p.Add(new NpgsqlParameter<string> { TypedValue = row.Id });
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }
}
