using System.Globalization;
using System.Text;
using System.Text.Json;
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
        // In statements of at most 500 keys: well within every store's bound-parameter limit, whatever the request's size.
        foreach (var chunk in keys.Chunk(500))
        {
            var rows = await system.Object(SyncObjects.Mutation).FindAsync(
                new Query { Where = new Filter.Comparison(SystemFields.Id, FilterOperator.In, chunk), Fields = [SystemFields.Id, "result"] }, cancellationToken).ConfigureAwait(false);
            foreach (var row in rows)
            {
                // The key is the client id, a colon and the mutation id (Key), whichever version wrote the row.
                var mutationId = row.Id![(clientId.Length + 1)..];
                answers[mutationId] = Read(mutationId, (string)row["result"]!);
            }
        }
        return answers;
    }

    /// <summary>Stores the first answers of a chunk's processed mutations, in one statement.</summary>
    public static async Task SaveAsync(
        ObjectQLSession system, string clientId, IReadOnlyList<(MutationLogEntry Mutation, SyncMutationResult Result)> answered, CancellationToken cancellationToken)
    {
        if (answered.Count == 0)
        {
            return;
        }
        var rows = new Record[answered.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            var (mutation, result) = answered[i];
            // The key holds the client id and the mutation id, so their own columns are left empty: about 70 bytes of
            // every answer that nothing read (stores of earlier versions filled them). Sized for the three values and the
            // creation time the insert stamps (LogRows).
            rows[i] = new Record(4)
            {
                [SystemFields.Id] = Key(clientId, mutation.Id),
                ["sequence"] = (double)mutation.Sequence,
                ["result"] = Stored(result),
            };
        }
        try
        {
            await LogRows.InsertAsync(system.Database, system, SyncObjects.Mutation, rows, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectQLException duplicate) when (duplicate.Code == ErrorCodes.Conflict && duplicate.Details.Any(d => d.Reason == "unique"))
        {
            throw new AnswerAlreadyStoredException(duplicate);
        }
    }

    private static string Key(string clientId, string mutationId) => clientId + ":" + mutationId;

    // The answer as stored: the JSON of the result, or for the common answer (applied as sent: no record, no field
    // clocks) its version and clock alone, "1 <clock>", about 75 characters instead of 190. The row's key holds the
    // mutation id, and the outcome is accepted, so Read gives back the same result; a JSON text starts with '{' and the
    // short form with a digit.
    private static string Stored(SyncMutationResult result) =>
        result is SyncMutationApplied { Outcome: ApplyOutcome.Accepted, Record: null, FieldClocks: null } applied
            ? string.Create(CultureInfo.InvariantCulture, $"{applied.ServerVersion} {applied.Clock}")
            : JsonSerializer.Serialize(result, SyncJson.Context.SyncMutationResult);

    private static SyncMutationResult Read(string mutationId, string stored)
    {
        if (stored.Length > 0 && char.IsAsciiDigit(stored[0]))
        {
            var space = stored.IndexOf(' ', StringComparison.Ordinal);
            return new SyncMutationApplied(
                mutationId, long.Parse(stored.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture), ApplyOutcome.Accepted, stored[(space + 1)..]);
        }
        return SyncJson.Read(Encoding.UTF8.GetBytes(stored), SyncJson.Context.SyncMutationResult);
    }
}
