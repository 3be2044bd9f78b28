using System.Globalization;
using System.Runtime.InteropServices.JavaScript;
using System.Text;
using System.Text.Json;
using ObjectQL.Sql;
using ObjectQL.Sql.Dialects;

namespace ObjectQL.Browser.Kit;

/// <summary>
/// What the browser tests ask of the store's bulk insert: that many rows written in one call are stored exactly as the
/// same rows written one at a time (value and type, column by column), and that a bulk insert refused by one row
/// leaves none of its rows behind.
/// </summary>
public static partial class BulkInsertExports
{
    private const string Columns = "(\"id\" TEXT NOT NULL PRIMARY KEY, \"t\" TEXT, \"i\" INTEGER, \"r\" REAL, \"x\")";

    // Each batch is written as one bulk insert in the SQL driver's form (the dialect's placeholders); the first reads its
    // rows as JSON in the Worker, the others hold a value JSON cannot carry as its binding stores it (an integer beyond
    // 2^53, a lone surrogate) and are bound row by row.
    private static readonly object?[][][] s_batches =
    [
        [
            ["a1", "plain", 1L, 0.1, "text"],
            ["a2", "quote \" back\\slash\n\ttab", 42L, 1e300, -1e300],
            ["a3", "\u00e9 \U0001F600 nul\u0000end", -(1L << 53) + 1, -0.0, 2.5],
            ["a4", null, null, 5.0, null],
            ["a5", "12", 7, 1.0 / 3, true],
            ["a6", "", 0L, double.Epsilon, 1e21],
        ],
        [
            ["b1", "wide", (1L << 53) + 1, 1.5, long.MinValue],
            ["b2", "wide too", long.MaxValue, 2.5, "x"],
        ],
        [
            ["c1", "lone \ud800 surrogate", 1L, 1.5, "\udc00"],
            ["c2", "after", 2L, 2.5, 3L],
        ],
    ];

    /// <summary>
    /// Answers <c>{"bulk": rows, "single": rows, "jsonInserts": n, "refused": reason, "rowsAfterRefusal": n,
    /// "rowsBeforeRefusal": n}</c>: the rows of each table as SQLite quotes them, how many statements the writer holds
    /// prepared that insert into the bulk table from JSON, and what a bulk insert with a repeated id left in its
    /// transaction.
    /// </summary>
    [JSExport]
    public static async Task<string> ChecksAsync()
    {
        var options = new BrowserSqliteOptions { DatabaseName = "bulk-insert.db", Storage = BrowserStorage.Opfs };
        await BrowserSqliteExecutor.DeleteDatabaseAsync(options);
        await using var executor = new BrowserSqliteExecutor(options);
        await executor.ExecuteAsync(new SqlStatement("CREATE TABLE \"bulk\" " + Columns), null, default);
        await executor.ExecuteAsync(new SqlStatement("CREATE TABLE \"single\" " + Columns), null, default);
        foreach (var batch in s_batches)
        {
            await executor.ExecuteManyAsync(Insert("bulk"), 5, batch.SelectMany(static row => row.Select(Argument)).ToArray(), null, default);
            foreach (var row in batch)
            {
                await executor.ExecuteAsync(new SqlStatement(Insert("single"), row.Select(Argument).ToArray()), null, default);
            }
        }

        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("bulk", await RowsAsync(executor, "bulk", null));
            writer.WriteString("single", await RowsAsync(executor, "single", null));
            await using (var transaction = await executor.BeginTransactionAsync(TransactionIsolation.Unspecified, default))
            {
                // In a transaction the query runs on the writer connection, whose prepared statements sqlite_stmt lists.
                writer.WriteString("jsonInserts", await TextAsync(executor,
                    "SELECT CAST(COUNT(*) AS TEXT) FROM sqlite_stmt WHERE sql LIKE 'INSERT INTO \"bulk\" %FROM json_each(?1)'", transaction));
                writer.WriteString("rowsBeforeRefusal", await CountAsync(executor, transaction));
                object?[][] repeated = [["d1", "new", 1L, 1.0, null], ["d2", "new", 2L, 2.0, null], ["a1", "repeated", 3L, 3.0, null]];
                try
                {
                    await executor.ExecuteManyAsync(Insert("bulk"), 5, repeated.SelectMany(static row => row.Select(Argument)).ToArray(), transaction, default);
                    writer.WriteString("refused", "no");
                }
                catch (Exception exception) when (executor.ClassifyError(exception) is { } error)
                {
                    writer.WriteString("refused", error.Kind.ToString());
                }
                writer.WriteString("rowsAfterRefusal", await CountAsync(executor, transaction));
            }
            writer.WriteEndObject();
        }
        await executor.DisposeAsync();
        await BrowserSqliteExecutor.DeleteDatabaseAsync(options);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Insert(string table) =>
        $"INSERT INTO \"{table}\" (\"id\", \"t\", \"i\", \"r\", \"x\") VALUES ({string.Join(", ", Enumerable.Range(0, 5).Select(SqliteDialect.Instance.Parameter))})";

    private static SqlArgument Argument(object? value) => new(value, SqlValueKind.Text);

    private static ValueTask<string> RowsAsync(BrowserSqliteExecutor executor, string table, ISqlTransaction? transaction) =>
        TextAsync(executor, $"SELECT group_concat(row, char(30)) FROM (SELECT id || ' ' || quote(t) || ' ' || typeof(t) || ' ' || quote(i) || ' ' || typeof(i) || ' ' || quote(r) || ' ' || typeof(r) || ' ' || quote(x) || ' ' || typeof(x) AS row FROM \"{table}\" ORDER BY id)", transaction);

    private static ValueTask<string> CountAsync(BrowserSqliteExecutor executor, ISqlTransaction transaction) =>
        TextAsync(executor, "SELECT CAST(COUNT(*) AS TEXT) FROM \"bulk\"", transaction);

    private static ValueTask<string> TextAsync(BrowserSqliteExecutor executor, string sql, ISqlTransaction? transaction) =>
        executor.QueryAsync(new SqlStatement(sql), 0, static async (reader, _, ct) =>
        {
            Assert(await reader.ReadAsync(ct));
            return reader.GetString(0);
        }, transaction, default);

    private static void Assert(bool condition)
    {
        if (!condition)
        {
            throw new InvalidOperationException("The query answered no row.");
        }
    }
}
