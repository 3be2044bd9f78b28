using System.Text.Json;
using ObjectQL.Sync.Resolution;
using ObjectQL.Values;

namespace ObjectQL.Sync.Server.Storage;

/// <summary>
/// Writes conflicts to <see cref="SyncObjects.Conflict"/> with both sides and the outcome (RFC 9.2 rule 10). The rows
/// are system objects: an administrator reads them through the system context; no client ever receives them.
/// </summary>
internal static class AuditTrail
{
    /// <summary>Writes the entries of a chunk's mutations that stand, in one statement.</summary>
    public static Task WriteAsync(ObjectQLSession system, IReadOnlyList<ConflictAuditEntry> entries, CancellationToken cancellationToken) =>
        LogRows.InsertAsync(system.Database, system, SyncObjects.Conflict, entries.Select(Row).ToArray(), cancellationToken);

    private static Record Row(ConflictAuditEntry entry) => new(20)
    {
        ["object_name"] = entry.ObjectName,
        ["record_id"] = entry.RecordId,
        ["client_id"] = entry.ClientId,
        ["mutation_id"] = entry.MutationId,
        ["strategy"] = entry.Strategy.ToString(),
        ["outcome"] = entry.Outcome.ToString(),
        ["conflicting_fields"] = RowValues.Json(w =>
        {
            w.WriteStartArray();
            foreach (var field in entry.ConflictingFields)
            {
                w.WriteStringValue(field);
            }
            w.WriteEndArray();
        }),
        ["client_operation"] = entry.ClientOperation.ToString(),
        ["client_values"] = Values(entry.ClientValues),
        ["server_values"] = Values(entry.ServerValues),
        ["client_clock"] = entry.ClientClock.ToString(),
        ["server_clock"] = entry.ServerClock.ToString(),
        ["server_version"] = (double)entry.ServerVersion,
        ["at"] = CanonicalValues.TruncateToMicroseconds(entry.At),
    };

    private static string? Values(IReadOnlyDictionary<string, JsonElement>? values) => values is null ? null : RowValues.Json(w =>
    {
        w.WriteStartObject();
        foreach (var (name, value) in values.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            w.WritePropertyName(name);
            JsonValues.WriteCanonical(w, value);
        }
        w.WriteEndObject();
    });
}
