// The hand-written baseline: the same row shape and the same JSON answer as the ObjectQL server's GET
// /api/data/todo_item/{id}, with one pooled SQLite connection per request and a prepared command, no framework between.
// Usage: RawServer --urls http://127.0.0.1:5090 --db raw.db
using System.Text.Json;
using Microsoft.Data.Sqlite;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var path = builder.Configuration["db"] ?? "raw.db";
var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
await using (var setup = new SqliteConnection(connectionString))
{
    await setup.OpenAsync();
    var create = setup.CreateCommand();
    create.CommandText = """
        PRAGMA journal_mode=WAL;
        CREATE TABLE IF NOT EXISTS todo_item (id TEXT PRIMARY KEY, title TEXT NOT NULL, done INTEGER NOT NULL, priority TEXT,
          owner TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, _version INTEGER NOT NULL);
        INSERT OR IGNORE INTO todo_item VALUES ('raw-1', 'Buy milk', 0, 'high', 'bench', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 1);
        """;
    await create.ExecuteNonQueryAsync();
}

var app = builder.Build();
app.MapGet("/health", () => Results.Text("""{"status":"Healthy"}""", "application/json"));
app.MapGet("/api/data/todo_item/{id}", async (string id, HttpContext http) =>
{
    await using var connection = new SqliteConnection(connectionString);
    await connection.OpenAsync(http.RequestAborted);
    await using var command = connection.CreateCommand();
    command.CommandText = "SELECT id, title, done, priority, owner, created_at, updated_at, _version FROM todo_item WHERE id = $id";
    command.Parameters.AddWithValue("$id", id);
    await using var reader = await command.ExecuteReaderAsync(http.RequestAborted);
    if (!await reader.ReadAsync(http.RequestAborted))
    {
        http.Response.StatusCode = StatusCodes.Status404NotFound;
        return;
    }
    http.Response.ContentType = "application/json; charset=utf-8";
    await using var json = new Utf8JsonWriter(http.Response.Body);
    json.WriteStartObject();
    json.WriteString("id", reader.GetString(0));
    json.WriteString("title", reader.GetString(1));
    json.WriteBoolean("done", reader.GetInt64(2) != 0);
    json.WriteString("priority", reader.GetString(3));
    json.WriteString("owner", reader.GetString(4));
    json.WriteString("created_at", reader.GetString(5));
    json.WriteString("updated_at", reader.GetString(6));
    json.WriteNumber("_version", reader.GetInt64(7));
    json.WriteString("@type", "todo_item");
    json.WriteEndObject();
    await json.FlushAsync(http.RequestAborted);
});
await app.RunAsync();
