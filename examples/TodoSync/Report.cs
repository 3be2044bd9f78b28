using System.Text;
using ObjectQL;
using ObjectQL.Querying;
using ObjectQL.Sync.Resolution;
using ObjectQL.Values;
using TodoSync.Model;

namespace TodoSync;

/// <summary>What the demo prints: each device's view, and the final comparison of every record on every replica.</summary>
internal static class Report
{
    private static readonly string[] Synced = ["user", "project", "todo_item"];

    public static async Task ShowAsync(string heading, params DemoDevice[] devices)
    {
        Console.WriteLine();
        Console.WriteLine($"{heading}:");
        foreach (var device in devices)
        {
            var me = await device.Session.Users().FindOneAsync("ada");
            var projects = await device.Session.Projects().FindAsync(Query.All);
            var todos = await device.Session.TodoItems().FindAsync(orderBy: TodoItem.Fields.Title.Asc());
            Console.WriteLine($"  {device.Name}: profile '{me?.Name}'; "
                + string.Join("; ", projects.Select(p => $"project {p.Name} budget {p.Budget}")));
            foreach (var todo in todos)
            {
                Console.WriteLine($"    [{(todo.Done == true ? 'x' : ' ')}] {todo.Title} ({todo.Priority})");
            }
        }
    }

    /// <summary>Prints a table of every synced record on the server and each device (its fields as canonical JSON) and says whether all are equal.</summary>
    public static async Task<bool> CompareAsync(ObjectQLDatabase server, params DemoDevice[] devices)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var replicas = new List<(string Name, Dictionary<string, string> Rows)> { ("server", await RowsAsync(server.System, labels)) };
        foreach (var device in devices)
        {
            replicas.Add((device.Name, await RowsAsync(device.Session, labels)));
        }
        var keys = replicas.SelectMany(r => r.Rows.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        Console.WriteLine();
        Console.WriteLine("Every record on every replica (a cell is the first 8 hex digits of the SHA-256 of the record's fields as canonical JSON):");
        Console.WriteLine($"{"record",-32} {string.Join(" ", replicas.Select(r => $"{r.Name,-8}"))} same everywhere");
        var allEqual = true;
        foreach (var key in keys)
        {
            var values = replicas.Select(r => r.Rows.GetValueOrDefault(key)).ToList();
            var same = values.All(v => v is not null && v == values[0]);
            allEqual &= same;
            var label = labels[key].Length > 32 ? labels[key][..31] + "~" : labels[key];
            Console.WriteLine($"{label,-32} {string.Join(" ", values.Select(v => $"{(v is null ? "missing" : Fingerprint(v)),-8}"))} {(same ? "yes" : "NO")}");
        }
        return allEqual;
    }

    private static async Task<Dictionary<string, string>> RowsAsync(IObjectQLSession session, Dictionary<string, string> labels)
    {
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in Synced)
        {
            var definition = AppModel.Objects.Objects.Single(o => o.Name == name);
            foreach (var record in await session.Object(name).FindAsync(Query.All))
            {
                var key = $"{name}/{record.Id}";
                rows[key] = CanonicalJson(definition.Fields.Select(f => f.Name), record);
                labels.TryAdd(key, $"{name} '{record["title"] ?? record["name"]}'");
            }
        }
        return rows;
    }

    /// <summary>The record's own fields (system fields are the server's bookkeeping) in one canonical JSON form.</summary>
    internal static string CanonicalJson(IEnumerable<string> fields, Record record)
    {
        var json = new StringBuilder("{");
        foreach (var field in fields.Order(StringComparer.Ordinal))
        {
            json.Append(json.Length > 1 ? "," : "").Append('"').Append(field).Append("\":")
                .Append(Encoding.UTF8.GetString(JsonValues.Canonical(CanonicalValues.ToJsonElement(record[field]))));
        }
        return json.Append('}').ToString();
    }

    // A short, stable stand-in for a record's JSON in the table: equal JSON, equal fingerprint.
    private static string Fingerprint(string json) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..8];
}
