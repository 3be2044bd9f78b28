using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices.JavaScript;
using ObjectQL.Browser.Benchmarks.Model;
using ObjectQL.Browser.Interop;
using ObjectQL.Metadata;

namespace ObjectQL.Browser.Benchmarks;

/// <summary>What measure.mjs calls in the page.</summary>
public static partial class BenchExports
{
    private const string NoteName = "bench_note";

    /// <summary>
    /// Opens the app's OPFS database and answers one query (the number of notes): the app is interactive. The marks
    /// split the time: the driver's construction, the store open (module, Worker, sqlite-wasm, OPFS pool), the database
    /// open (schema), the query. The database's open does not wait for the store's: the pipeline, the tables and the
    /// schema's fingerprint are built while the store opens (or the page's preload finishes), and the first statement
    /// waits for it.
    /// </summary>
    [JSExport]
    public static async Task<int> StartAsync()
    {
        var driver = new BrowserSqliteDriver(Options("app.db"));
        Mark("driver-created");
        var storeOpen = MarkWhenOpen(driver.Store);
        await using var db = await ObjectQLDatabase.OpenAsync(driver, AppModel.Objects);
        Mark("database-open");
        await storeOpen;
        return (int)await db.Object(NoteName).CountAsync();
    }

    private static async Task MarkWhenOpen(BrowserSqliteExecutor store)
    {
        await store.OpenAsync();
        Mark("store-open");
    }

    [JSImport("globalThis.performance.mark")]
    private static partial void Mark(string name);

    /// <summary>Milliseconds of one <c>CreateManyAsync</c> of <paramref name="rows"/> notes into a fresh OPFS database (the best of <paramref name="runs"/>).</summary>
    [JSExport]
    public static async Task<double> BulkWriteMillisecondsAsync(int rows, int runs)
    {
        var best = double.MaxValue;
        for (var run = 0; run < runs; run++)
        {
            var options = Options($"bulk-{run}.db");
            await BrowserSqliteExecutor.DeleteDatabaseAsync(options);
            await using (var db = await Open(options.DatabaseName))
            {
                var records = Enumerable.Range(0, rows)
                    .Select(i => new Record { ["title"] = "note " + i.ToString(CultureInfo.InvariantCulture), ["rank"] = (double)i })
                    .ToList();
                var watch = Stopwatch.StartNew();
                await db.Object(NoteName).CreateManyAsync(records);
                best = Math.Min(best, watch.Elapsed.TotalMilliseconds);
            }
            await BrowserSqliteExecutor.DeleteDatabaseAsync(options);
        }
        return best;
    }

    /// <summary>
    /// Milliseconds of the store alone writing <paramref name="rows"/> notes into a fresh OPFS database (the best of
    /// <paramref name="runs"/>): the SQL driver's bulk insert of rows that already carry their ids and system fields, in
    /// one transaction, as a sync apply or an import writes them. The same nine values a row as the pipeline's write.
    /// </summary>
    [JSExport]
    public static async Task<double> StoreWriteMillisecondsAsync(int rows, int runs)
    {
        var definition = AppModel.Objects.Get(NoteName);
        var best = double.MaxValue;
        for (var run = 0; run < runs; run++)
        {
            var options = Options($"store-{run}.db");
            await BrowserSqliteExecutor.DeleteDatabaseAsync(options);
            var driver = new BrowserSqliteDriver(options);
            await using (await ObjectQLDatabase.OpenAsync(driver, AppModel.Objects))
            {
                object now = DateTimeOffset.UtcNow;
                object version = 1L;
                var records = Enumerable.Range(0, rows)
                    .Select(i => new Record
                    {
                        [SystemFields.Id] = Guid.CreateVersion7().ToString(),
                        [SystemFields.CreatedAt] = now,
                        [SystemFields.UpdatedAt] = now,
                        [SystemFields.CreatedBy] = "bench",
                        [SystemFields.UpdatedBy] = "bench",
                        [SystemFields.Version] = version,
                        ["title"] = "note " + i.ToString(CultureInfo.InvariantCulture),
                        ["rank"] = (double)i,
                    })
                    .ToList();
                ExecutorPhases.Reset();
                ExecutorPhases.Enabled = true;
                var watch = Stopwatch.StartNew();
                await using (var transaction = await driver.BeginTransactionAsync())
                {
                    await driver.InsertAsync(definition, records, transaction);
                    await transaction.CommitAsync();
                }
                var elapsed = watch.Elapsed.TotalMilliseconds;
                ExecutorPhases.Enabled = false;
                if (elapsed < best)
                {
                    best = elapsed;
                    s_storeWritePhases = Phases(elapsed);
                }
            }
            await BrowserSqliteExecutor.DeleteDatabaseAsync(options);
        }
        return best;
    }

    /// <summary>
    /// The phases of the best store write, in milliseconds: <c>driver</c> (the SQL driver's checks and binding of the
    /// values), <c>request</c> (the executor's request text), <c>calls</c> (the interop calls: the messages and the
    /// Worker's decode, inserts and commit), <c>answers</c> (parsing them), and the number of calls.
    /// </summary>
    [JSExport]
    public static string StoreWritePhases() => s_storeWritePhases;

    private static string s_storeWritePhases = "{}";

    private static string Phases(double total)
    {
        static double Ms(long ticks) => Math.Round(ticks * 1000.0 / Stopwatch.Frequency, 1);
        var executor = Ms(ExecutorPhases.Building) + Ms(ExecutorPhases.Calling) + Ms(ExecutorPhases.Answering);
        return string.Create(CultureInfo.InvariantCulture,
            $"{{\"driver\":{Math.Round(total - executor, 1)},\"request\":{Ms(ExecutorPhases.Building)},\"calls\":{Ms(ExecutorPhases.Calling)},\"answers\":{Ms(ExecutorPhases.Answering)},\"callCount\":{ExecutorPhases.Calls}}}");
    }

    private static Task<ObjectQLDatabase> Open(string name) =>
        ObjectQLDatabase.CreateBuilder().UseBrowserSqlite(Options(name)).AddModel(AppModel.Objects).OpenAsync();

    private static BrowserSqliteOptions Options(string name) => new() { DatabaseName = name, Storage = BrowserStorage.Opfs };
}
