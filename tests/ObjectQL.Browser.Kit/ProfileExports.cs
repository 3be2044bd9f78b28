using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices.JavaScript;
using System.Text;
using System.Text.Json;
using ObjectQL.Browser.Interop;
using ObjectQL.Drivers.Memory;
using ObjectQL.Pipeline;
using ObjectQL.Sql;
using ObjectQL.Testing;

namespace ObjectQL.Browser.Kit;

/// <summary>
/// Where a bulk write's time goes, phase by phase, for docs/performance.md (Scripts/profile-in-chromium.mjs prints it):
/// each phase runs alone, five times, and the best run is reported in milliseconds (the best is the least disturbed by
/// other work on the machine). A measurement, never a test.
/// </summary>
public static partial class ProfileExports
{
    /// <summary>Answers <c>{"phase": milliseconds, ...}</c> for a write of <paramref name="rows"/> <c>tck_note</c> records.</summary>
    [JSExport]
    public static async Task<string> BulkWritePhasesAsync(int rows)
    {
        var phases = new Dictionary<string, double>(StringComparer.Ordinal);
        var ids = new UuidV7(TimeProvider.System);
        for (var run = 0; run < 5; run++)
        {
            Best(phases, "ids", Time(() =>
            {
                for (var i = 0; i < rows; i++)
                {
                    _ = ids.NewId();
                }
            }));
            Best(phases, "pipelineIntoMemoryDriver", await TimeAsync(async () =>
            {
                await using var db = await ObjectQLDatabase.OpenAsync(new MemoryDriver(), TestModels.Conformance);
                var watch = Stopwatch.StartNew();
                await db.Object(TestModels.Note.Name).CreateManyAsync(Notes(rows));
                return watch.Elapsed.TotalMilliseconds;
            }));
            var arguments = Arguments(ids, rows);
            var sql = "INSERT INTO \"p\" (\"id\", \"created_at\", \"updated_at\", \"created_by\", \"updated_by\", \"_version\", \"title\", \"body\", \"rank\") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
            Best(phases, "request", Time(() =>
            {
                var request = Request(sql, arguments);
                _ = request.ToJson();
                _ = request.Arguments;
            }));
            var options = new BrowserSqliteOptions { DatabaseName = $"profile-{run}.db", Storage = BrowserStorage.Opfs };
            await BrowserSqliteExecutor.DeleteDatabaseAsync(options);
            await using (var executor = new BrowserSqliteExecutor(options))
            {
                await executor.OpenAsync();
                await executor.ExecuteAsync(new SqlStatement("CREATE TABLE \"p\" (\"id\" TEXT PRIMARY KEY, \"created_at\", \"updated_at\", \"created_by\", \"updated_by\", \"_version\", \"title\", \"body\", \"rank\")", []), null, default);
                var request = Request(sql, arguments);
                var (json, text) = (request.ToJson(), request.Arguments);
                Best(phases, "interopCallOnly", await TimeAsync(async () =>
                {
                    var watch = Stopwatch.StartNew();
                    _ = await SqliteModule.RunAsync(options.DatabaseName, json, text, null);
                    return watch.Elapsed.TotalMilliseconds;
                }));
                await executor.ExecuteAsync(new SqlStatement("DELETE FROM \"p\"", []), null, default);
                Best(phases, "executorOneCall", await TimeAsync(async () =>
                {
                    var watch = Stopwatch.StartNew();
                    await using var transaction = await executor.BeginTransactionAsync(TransactionIsolation.Unspecified, default);
                    await executor.ExecuteManyAsync(sql, 9, arguments, transaction, default);
                    await transaction.CommitAsync();
                    return watch.Elapsed.TotalMilliseconds;
                }));
            }
            await BrowserSqliteExecutor.DeleteDatabaseAsync(options);
            foreach (var storage in new[] { BrowserStorage.Memory, BrowserStorage.Opfs })
            {
                var full = new BrowserSqliteOptions { DatabaseName = $"profile-full-{run}.db", Storage = storage };
                await BrowserSqliteExecutor.DeleteDatabaseAsync(full);
                Best(phases, "pipelineInto" + storage, await TimeAsync(async () =>
                {
                    await using var db = await ObjectQLDatabase.OpenAsync(new BrowserSqliteDriver(full), TestModels.Conformance);
                    var watch = Stopwatch.StartNew();
                    await db.Object(TestModels.Note.Name).CreateManyAsync(Notes(rows));
                    return watch.Elapsed.TotalMilliseconds;
                }));
                await BrowserSqliteExecutor.DeleteDatabaseAsync(full);
            }
        }
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (phase, milliseconds) in phases)
            {
                writer.WriteNumber(phase, Math.Round(milliseconds, 1));
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static List<Record> Notes(int rows) => Enumerable.Range(0, rows)
        .Select(i => new Record { ["title"] = "note " + i.ToString(CultureInfo.InvariantCulture), ["rank"] = (double)i })
        .ToList();

    // What the SQL driver binds for a note: id, two timestamps, two users, the version, title, body, rank.
    private static SqlArgument[] Arguments(UuidV7 ids, int rows)
    {
        var arguments = new SqlArgument[rows * 9];
        var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        for (var row = 0; row < rows; row++)
        {
            object?[] values = [ids.NewId(), now, now, null, null, 1L, "note " + row.ToString(CultureInfo.InvariantCulture), null, (double)row];
            for (var i = 0; i < values.Length; i++)
            {
                arguments[row * 9 + i] = new SqlArgument(values[i], SqlValueKind.Text);
            }
        }
        return arguments;
    }

    private static BatchRequest Request(string sql, SqlArgument[] arguments) =>
        new BatchRequest(atomic: true).Add("BEGIN IMMEDIATE").Add(sql, 9, arguments, read: false).Add("COMMIT");

    private static void Best(Dictionary<string, double> phases, string phase, double milliseconds) =>
        phases[phase] = Math.Min(milliseconds, phases.GetValueOrDefault(phase, double.MaxValue));

    private static double Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static async Task<double> TimeAsync(Func<Task<double>> action) => await action();
}
