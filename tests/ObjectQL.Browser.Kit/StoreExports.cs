using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices.JavaScript;
using ObjectQL.Testing;

namespace ObjectQL.Browser.Kit;

/// <summary>
/// What the browser tests ask a page beyond the kit: that the store survives a reload, that a second tab is refused,
/// and how long a bulk write takes (docs/performance.md). Databases opened here stay open until the page goes away.
/// </summary>
public static partial class StoreExports
{
    private static readonly Dictionary<string, (ObjectQLDatabase Db, BrowserSqliteDriver Driver)> s_open = new(StringComparer.Ordinal);

    /// <summary>
    /// Opens <paramref name="name"/> in <paramref name="storage"/> (once per page), adds one note, and answers
    /// <c>storage:count</c>, or <c>error:reason</c> when the store refuses.
    /// </summary>
    [JSExport]
    public static async Task<string> AddNoteAsync(string name, string storage)
    {
        try
        {
            if (!s_open.TryGetValue(name, out var open))
            {
                var driver = new BrowserSqliteDriver(Options(name, storage));
                open = (await ObjectQLDatabase.OpenAsync(driver, TestModels.Conformance), driver);
                s_open[name] = open;
            }
            var notes = open.Db.Object(TestModels.Note.Name);
            await notes.CreateAsync(new Record { ["title"] = "kept" });
            return $"{await open.Driver.Store.OpenAsync()}:{await notes.CountAsync()}";
        }
        catch (ObjectQLException exception)
        {
            return "error:" + (exception.Details.FirstOrDefault()?.Reason ?? exception.Code) + ":" + exception.Message;
        }
    }

    /// <summary>
    /// Opens a model whose field has a pattern, in this app published with pattern checks off: answers the refusal's
    /// reason, or <c>opened</c> if the pattern was let through unchecked.
    /// </summary>
    [JSExport]
    public static async Task<string> OpenModelWithPatternAsync()
    {
        var code = TestModels.Field("code", Metadata.FieldType.Text) with { Validation = new Metadata.FieldValidation { Pattern = "[A-Z]+" } };
        try
        {
            await using var db = await ObjectQLDatabase.OpenAsync(new Drivers.Memory.MemoryDriver(), new Metadata.ObjectModel([TestModels.Object("coded", code)]));
            return "opened";
        }
        catch (ObjectQLException exception)
        {
            return (exception.Details.FirstOrDefault()?.Reason ?? exception.Code) + ":" + exception.Message;
        }
    }

    /// <summary>Milliseconds of one <c>CreateManyAsync</c> of <paramref name="rows"/> notes into a fresh OPFS database (the best of <paramref name="runs"/>).</summary>
    [JSExport]
    public static async Task<double> BulkWriteMillisecondsAsync(int rows, int runs)
    {
        var best = double.MaxValue;
        for (var run = 0; run < runs; run++)
        {
            var options = Options($"bulk-{run}.db", "opfs");
            await BrowserSqliteExecutor.DeleteDatabaseAsync(options);
            await using (var db = await ObjectQLDatabase.OpenAsync(new BrowserSqliteDriver(options), TestModels.Conformance))
            {
                var records = Enumerable.Range(0, rows)
                    .Select(i => new Record { ["title"] = "note " + i.ToString(CultureInfo.InvariantCulture), ["rank"] = (double)i })
                    .ToList();
                var watch = Stopwatch.StartNew();
                await db.Object(TestModels.Note.Name).CreateManyAsync(records);
                best = Math.Min(best, watch.Elapsed.TotalMilliseconds);
            }
            await BrowserSqliteExecutor.DeleteDatabaseAsync(options);
        }
        return best;
    }

    private static BrowserSqliteOptions Options(string name, string storage) => new()
    {
        DatabaseName = name,
        Storage = storage switch
        {
            "opfs" => BrowserStorage.Opfs,
            "indexeddb" => BrowserStorage.IndexedDb,
            _ => BrowserStorage.Memory,
        },
    };
}
