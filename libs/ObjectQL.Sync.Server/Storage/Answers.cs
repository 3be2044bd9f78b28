using System.Globalization;
using System.Text;
using System.Text.Json;
using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Server.Storage;

/// <summary>
/// The first answer of every processed mutation (RFC 7), kept for the retention window and replayed verbatim: one row per
/// chunk of a push, holding the answers of the chunk's processed mutations, one line each (<c>mutationId answer</c>).
/// </summary>
/// <remarks>
/// One row per chunk, not per mutation: a push of 100 wrote 100 rows and their keys, about 55 KB of PostgreSQL's
/// write-ahead log, to be read back only by a retry. A chunk's answers are found by their sequences: every answer
/// stored has a sequence above the client's highest before its chunk (a lower unknown one is refused or expired, never
/// stored), so the chunks of one client hold disjoint ranges of sequences, in order, and a retry's mutations, which keep
/// their sequences, are in the rows whose range meets theirs. Rows an earlier version wrote, one per mutation (their
/// mutation id set, no first sequence), are found by the same read.
/// </remarks>
internal static class Answers
{
    private const string ClientField = "client_id";
    private const string MutationField = "mutation_id";
    private const string SequenceField = "sequence";
    private const string FirstSequenceField = "first_sequence";
    private const string ResultField = "result";

    private static readonly string[] ReadFields = [MutationField, FirstSequenceField, ResultField];

    public static async Task<Dictionary<string, SyncMutationResult>> FindAsync(
        IObjectQLSession system, string clientId, IEnumerable<MutationLogEntry> mutations, CancellationToken cancellationToken)
    {
        var answers = new Dictionary<string, SyncMutationResult>(StringComparer.Ordinal);
        var asked = new HashSet<string>(StringComparer.Ordinal);
        long lowest = long.MaxValue, highest = long.MinValue;
        foreach (var mutation in mutations)
        {
            asked.Add(mutation.Id);
            lowest = Math.Min(lowest, mutation.Sequence);
            highest = Math.Max(highest, mutation.Sequence);
        }
        if (asked.Count == 0)
        {
            return answers;
        }
        // The rows whose range of sequences meets [lowest, highest]: a chunk's row ends at or above the lowest and starts
        // at or below the highest; a row of one mutation (an earlier version's) is at a sequence between them.
        var where = new Filter.Comparison(ClientField, FilterOperator.Eq, clientId)
            & new Filter.Comparison(SequenceField, FilterOperator.Gte, (double)lowest)
            & (new Filter.Comparison(FirstSequenceField, FilterOperator.Lte, (double)highest)
                | (new Filter.Comparison(FirstSequenceField, FilterOperator.Null, true) & new Filter.Comparison(SequenceField, FilterOperator.Lte, (double)highest)));
        foreach (var row in await system.Object(SyncObjects.Mutation).FindAsync(new Query { Where = where, Fields = ReadFields }, cancellationToken).ConfigureAwait(false))
        {
            var result = (string)row[ResultField]!;
            if (row[FirstSequenceField] is null)
            {
                var mutationId = (string)row[MutationField]!;
                if (asked.Contains(mutationId))
                {
                    answers[mutationId] = Read(mutationId, result);
                }
                continue;
            }
            foreach (var line in result.Split('\n'))
            {
                var space = line.IndexOf(' ', StringComparison.Ordinal);
                var mutationId = line[..space];
                if (asked.Contains(mutationId))
                {
                    answers[mutationId] = Read(mutationId, line[(space + 1)..]);
                }
            }
        }
        return answers;
    }

    /// <summary>Stores the first answers of a chunk's processed mutations, as one row.</summary>
    public static async Task SaveAsync(
        ObjectQLSession system, string clientId, IReadOnlyList<(MutationLogEntry Mutation, SyncMutationResult Result)> answered, CancellationToken cancellationToken)
    {
        if (answered.Count == 0)
        {
            return;
        }
        long lowest = long.MaxValue, highest = long.MinValue;
        var lines = new StringBuilder(answered.Count * 112);
        foreach (var (mutation, result) in answered)
        {
            lowest = Math.Min(lowest, mutation.Sequence);
            highest = Math.Max(highest, mutation.Sequence);
            // Mutation ids are UUIDs, and neither form of an answer holds a line break (JSON escapes it in strings).
            lines.Append(lines.Length == 0 ? "" : "\n").Append(mutation.Id).Append(' ').Append(Stored(result));
        }
        // Keyed by the chunk's first mutation, which no other chunk answers; sized for the five values and the five system
        // fields the insert stamps besides the id.
        var row = new Record(11)
        {
            [SystemFields.Id] = Key(clientId, answered[0].Mutation.Id),
            [ClientField] = clientId,
            [SequenceField] = (double)highest,
            [FirstSequenceField] = (double)lowest,
            [ResultField] = lines.ToString(),
        };
        await LogRows.InsertAsync(system.Database, system, SyncObjects.Mutation, [row], cancellationToken).ConfigureAwait(false);
    }

    private static string Key(string clientId, string mutationId) => clientId + ":" + mutationId;

    // The answer as stored: the JSON of the result, or for the common answer (applied as sent: no record, no field
    // clocks) its version and clock alone, "1 <clock>", about 75 characters instead of 190. Its line (or an earlier
    // version's row) holds the mutation id, and the outcome is accepted, so Read gives back the same result; a JSON
    // text starts with '{' and the short form with a digit.
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
