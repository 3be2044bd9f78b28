using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Server.Storage;

/// <summary>The first answer of every processed mutation (RFC 7), kept for the retention window and replayed verbatim.</summary>
internal static class Answers
{
    public static async Task<Dictionary<string, SyncMutationResult>> FindAsync(
        IObjectQLSession system, string clientId, IEnumerable<MutationLogEntry> mutations, CancellationToken cancellationToken)
    {
        var keys = mutations.Select(m => Key(clientId, m.Id)).ToArray();
        var answers = new Dictionary<string, SyncMutationResult>(StringComparer.Ordinal);
        if (keys.Length == 0)
        {
            return answers;
        }
        var rows = await system.Object(SyncObjects.Mutation).FindAsync(
            new Query { Where = new Filter.Comparison(SystemFields.Id, FilterOperator.In, keys), Fields = ["mutation_id", "result"] }, cancellationToken).ConfigureAwait(false);
        foreach (var row in rows)
        {
            var json = System.Text.Encoding.UTF8.GetBytes((string)row["result"]!);
            answers[(string)row["mutation_id"]!] = SyncJson.Read(json, SyncJson.Context.SyncMutationResult);
        }
        return answers;
    }

    public static Task SaveAsync(IObjectQLSession system, string clientId, MutationLogEntry mutation, SyncMutationResult result, CancellationToken cancellationToken) =>
        system.Object(SyncObjects.Mutation).CreateAsync(new Record
        {
            [SystemFields.Id] = Key(clientId, mutation.Id),
            ["client_id"] = clientId,
            ["mutation_id"] = mutation.Id,
            ["sequence"] = (double)mutation.Sequence,
            ["result"] = System.Text.Encoding.UTF8.GetString(SyncJson.Write(result, SyncJson.Context.SyncMutationResult)),
        }, cancellationToken);

    private static string Key(string clientId, string mutationId) => clientId + ":" + mutationId;
}
