// Published with NativeAOT by AotPublishTests: every line it prints is asserted, so the output is deterministic
// (no ids, no timestamps). Usage: AotApp <path-to-sqlite-file>
using System.Text.Json;
using AotApp.Model;
using ObjectQL;
using ObjectQL.Querying;
using ObjectQL.Querying.Json;
using ObjectQL.Sqlite;

var path = args.Length > 0 ? args[0] : "aot.db";
await using var db = await ObjectQLDatabase.OpenAsync(new SqliteDriver($"Data Source={path}"), AppModel.Objects);
Console.WriteLine($"objects: {string.Join(",", AppModel.Objects.Objects.Select(o => o.Name))}");

// Create through the generated typed repositories.
var authors = db.Authors();
var books = db.Books();
var ursula = await authors.CreateAsync(new Author { Name = "Ursula", Email = "ursula@example.com" });
await books.CreateManyAsync(
[
    new Book { Title = "The Dispossessed", Author = ursula.Id!, Price = 12.50m, PublishedOn = new DateOnly(1974, 5, 1) },
    new Book { Title = "A History of Sea Charts", Author = ursula.Id!, Genre = BookGenre.History, Price = 30m },
    new Book { Title = "Small Physics", Author = ursula.Id!, Genre = BookGenre.Science, Price = 8.25m, InStock = false },
]);
Console.WriteLine($"created: {await books.CountAsync()} books, author version {ursula.Version}");

// Query with typed descriptors.
var fiction = await books.FindAsync(Book.Fields.Genre.Eq(BookGenre.Fiction), orderBy: Book.Fields.Title.Asc());
Console.WriteLine($"fiction: {string.Join(",", fiction.Select(b => b.Title))} (in stock {fiction[0].InStock})");

// Several sorts with a projection, distinct enum values and an aggregate over the same pipeline.
var sorted = await books.FindAsync(null, [Book.Fields.InStock.Desc(), Book.Fields.Price.Asc()], fields: [Book.Fields.Title.Name]);
Console.WriteLine($"sorted: {string.Join(",", sorted.Select(b => b.Title))} (price loaded {sorted.Any(b => b.Price is not null)})");
var genres = await books.DistinctAsync(Book.Fields.Genre);
Console.WriteLine($"genres: {string.Join(",", genres)}");
var totals = await books.AggregateAsync(new Query
{
    Aggregations = [new Aggregation(AggregateFunction.Count, null, "n"), new Aggregation(AggregateFunction.Sum, "price", "total")],
});
Console.WriteLine($"aggregate: {totals[0]["n"]} books, total {totals[0]["total"]}");

// Update through a generated patch.
var charts = (await books.FindAsync(Book.Fields.Title.Eq("A History of Sea Charts"))).Single();
var updated = await books.UpdateAsync(charts.Id!, new BookPatch { Price = 27.75m, InStock = false });
Console.WriteLine($"updated: {updated.Title} price {updated.Price} version {updated.Version}");

// Serialize an entity and a patch through the generated JSON context.
var entityJson = JsonSerializer.Serialize(new Book { Title = "Draft", Author = "a1", Genre = BookGenre.Science, Price = 1.5m },
    AppModelJsonContext.Default.BookInfo);
var entityBack = JsonSerializer.Deserialize(entityJson, AppModelJsonContext.Default.BookInfo)!;
Console.WriteLine($"entity json: {entityBack.Title}/{entityBack.Genre}/{entityBack.Price} contains title {entityJson.Contains("\"title\":\"Draft\"", StringComparison.Ordinal)}");
var patchJson = JsonSerializer.Serialize(new BookPatch { InStock = true }, AppModelJsonContext.Default.BookPatchInfo);
Console.WriteLine($"patch json: {patchJson}");

// A filter sent as JSON by a client.
var query = QueryJsonReader.Read("""{"where":{"price":{"$lt":20}},"sort":[{"field":"price","order":"desc"}]}""", Book.Definition);
var cheap = await books.FindAsync(query);
Console.WriteLine($"json filter: {string.Join(",", cheap.Select(b => b.Title))}");

// Validation rejects bad input and writes nothing.
try
{
    await books.CreateAsync(new Book { Title = new string('x', 200), Author = ursula.Id! });
}
catch (ObjectQLException error)
{
    Console.WriteLine($"rejected: {error.Code} {error.Field}");
}

// Delete.
Console.WriteLine($"deleted: {await books.DeleteAsync(charts.Id!)}, remaining {await books.CountAsync()}");

// The runtime detection sees the native build.
Console.WriteLine($"runtime: {RuntimeProfile.Current.Host}, dynamic code {RuntimeProfile.Current.SupportsDynamicCode}, files {RuntimeProfile.Current.HasFileSystem}");
