using ObjectQL.Querying;
using ObjectQL.Sync.TestServer;

namespace ObjectQL.Sync.EndToEnd.Tests.Infrastructure;

/// <summary>Every record of the end-to-end objects on one replica, as canonical JSON of its own fields, keyed by object and id.</summary>
internal static class Replicas
{
    public static readonly string[] Objects = [SyncTestModel.NoteName, SyncTestModel.TodoName, SyncTestModel.InvoiceName];

    public static async Task<SortedDictionary<string, string>> SnapshotAsync(IObjectQLSession session)
    {
        var rows = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in Objects)
        {
            var definition = SyncTestModel.Objects.Objects.Single(o => o.Name == name);
            foreach (var record in await session.Object(name).FindAsync(Query.All))
            {
                rows[$"{name}/{record.Id}"] = TodoSync.Report.CanonicalJson(definition.Fields.Select(f => f.Name), record);
            }
        }
        return rows;
    }

    /// <summary>Asserts every device holds exactly the server's records, field for field.</summary>
    public static async Task AssertEqualAsync(ServerHost server, params Device[] devices) => await AssertEqualAsync(server.Database, devices);

    public static async Task AssertEqualAsync(ObjectQLDatabase server, params Device[] devices)
    {
        var expected = await SnapshotAsync(server.System);
        foreach (var device in devices)
        {
            var actual = await SnapshotAsync(device.Session);
            Assert.That(actual, Is.EqualTo(expected), $"{device.Name} differs from the server: {Describe(expected, actual)}");
        }
    }

    private static string Describe(SortedDictionary<string, string> expected, SortedDictionary<string, string> actual)
    {
        var lines = expected.Keys.Union(actual.Keys).Where(k => expected.GetValueOrDefault(k) != actual.GetValueOrDefault(k)).Take(5)
            .Select(k => $"{k}: server {expected.GetValueOrDefault(k) ?? "missing"}, device {actual.GetValueOrDefault(k) ?? "missing"}");
        return string.Join("; ", lines);
    }
}
