using Microsoft.Data.Sqlite;
using Npgsql;

namespace ObjectQL.Sync.Benchmarks;

/// <summary>The same rows written with ADO.NET alone, in one transaction: the store's half of the limit.</summary>
public static class RawNotes
{
    private const string Create = "CREATE TABLE IF NOT EXISTS bench_raw_note (id text PRIMARY KEY, title text, body text, writer text, rank double precision)";
    private const string Insert = "INSERT INTO bench_raw_note (id, title, body, writer, rank) VALUES ";

    public static async Task WriteAsync(Store store, string connectionString, IReadOnlyList<(string Id, string Title, string Body, double Rank)> rows)
    {
        if (store == Store.Sqlite)
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            await using (var create = new SqliteCommand(Create, connection))
            {
                await create.ExecuteNonQueryAsync();
            }
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
            await using var insert = new SqliteCommand(Insert + "($id, $title, $body, 'bench', $rank)", connection, transaction);
            var (id, title, body, rank) = (insert.Parameters.Add("$id", SqliteType.Text), insert.Parameters.Add("$title", SqliteType.Text),
                insert.Parameters.Add("$body", SqliteType.Text), insert.Parameters.Add("$rank", SqliteType.Real));
            foreach (var row in rows)
            {
                (id.Value, title.Value, body.Value, rank.Value) = (row.Id, row.Title, row.Body, row.Rank);
                await insert.ExecuteNonQueryAsync();
            }
            await transaction.CommitAsync();
            return;
        }
        await using var pg = new NpgsqlConnection(connectionString);
        await pg.OpenAsync();
        await using (var create = new NpgsqlCommand(Create, pg))
        {
            await create.ExecuteNonQueryAsync();
        }
        await using var tx = await pg.BeginTransactionAsync();
        await using var batch = new NpgsqlBatch(pg, tx);
        foreach (var row in rows)
        {
            var command = new NpgsqlBatchCommand(Insert + "($1, $2, $3, 'bench', $4)");
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = row.Id });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = row.Title });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = row.Body });
            command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = row.Rank });
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync();
        await tx.CommitAsync();
    }
}
