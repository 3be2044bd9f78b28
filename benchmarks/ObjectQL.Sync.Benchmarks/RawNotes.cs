using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ObjectQL.Sync.Benchmarks;

/// <summary>The same rows written or read with ADO.NET alone: the store's half of the limit.</summary>
public static class RawNotes
{
    private const string Create = "CREATE TABLE IF NOT EXISTS bench_raw_note (id text PRIMARY KEY, title text, body text, writer text, rank double precision)";
    private const string Insert = "INSERT INTO bench_raw_note (id, title, body, writer, rank) VALUES ";

    // Every value of every note, in id order: what a pull or snapshot of the same rows has to read.
    private const string Select = "SELECT id, title, body, writer, rank FROM sync_note ORDER BY id";

    /// <summary>Writes <paramref name="rows"/> in one transaction (PostgreSQL: one batch).</summary>
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

    /// <summary>Reads every note's values (the rows a pull or initial sync of the same notes sends); the rows read.</summary>
    public static async Task<int> ReadAsync(Store store, string connectionString)
    {
        await using DbConnection connection = store == Store.Sqlite ? new SqliteConnection(connectionString) : new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var select = connection.CreateCommand();
        select.CommandText = Select;
        await using var reader = await select.ExecuteReaderAsync();
        var read = 0;
        while (await reader.ReadAsync())
        {
            read += Touch(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetDouble(4));
        }
        return read;
    }

    // Every value is materialized, as a pull's reader does.
    private static int Touch(string id, string title, string body, string writer, double rank) =>
        id.Length + title.Length + body.Length + writer.Length > 0 && !double.IsNaN(rank) ? 1 : 0;
}
