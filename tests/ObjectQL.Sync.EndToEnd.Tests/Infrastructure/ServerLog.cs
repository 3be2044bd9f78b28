using ObjectQL.Querying;

namespace ObjectQL.Sync.EndToEnd.Tests.Infrastructure;

/// <summary>What the server's change log says: how often a record was created, and whether any mutation was applied twice.</summary>
internal static class ServerLog
{
    /// <summary>Change rows per mutation id for every change a client pushed; more than one means a mutation applied twice.</summary>
    public static async Task<Dictionary<string, int>> ChangesPerMutationAsync(ObjectQLDatabase server)
    {
        var rows = await server.System.Object("objectql_sync_change").FindAsync(Query.All);
        return rows.Where(r => r["mutation_id"] is string).GroupBy(r => (string)r["mutation_id"]!).ToDictionary(g => g.Key, g => g.Count());
    }

    /// <summary>Asserts no pushed mutation produced more than one change row.</summary>
    public static async Task AssertAppliedAtMostOnceAsync(ObjectQLDatabase server)
    {
        var twice = (await ChangesPerMutationAsync(server)).Where(p => p.Value > 1).Select(p => p.Key).ToList();
        Assert.That(twice, Is.Empty, "mutations applied more than once");
    }

    /// <summary>How many <c>create</c> changes the log holds for one record.</summary>
    public static async Task<int> CreatesOfAsync(ObjectQLDatabase server, string objectName, string recordId)
    {
        var rows = await server.System.Object("objectql_sync_change").FindAsync(Query.All);
        return rows.Count(r => (string?)r["object_name"] == objectName && (string?)r["record_id"] == recordId && (string?)r["operation"] == "create");
    }
}
