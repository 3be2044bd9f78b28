using System.Text.Json;
using System.Text.Json.Serialization;

namespace ObjectQL.Sync.Protocol;

/// <summary>One committed server change in a delta: the seed's <c>SyncServerChange</c> plus clocks.</summary>
/// <param name="ObjectName">The object.</param>
/// <param name="RecordId">The record.</param>
/// <param name="Operation">Create, update or delete.</param>
/// <param name="ServerVersion">The record's version after the change.</param>
/// <param name="Timestamp">The server's wall-clock commit time (ISO 8601); informative.</param>
/// <param name="Clock">The record's hybrid logical clock after the change (addition); the client feeds it to its own clock.</param>
/// <param name="Data">The full record after the change, filtered by what the caller may read; absent for a delete.</param>
/// <param name="FieldClocks">Per readable field, the clock of its last write (addition; crdt objects only).</param>
public sealed record SyncServerChange(
    string ObjectName,
    string RecordId,
    MutationOperation Operation,
    long ServerVersion,
    string Timestamp,
    string Clock,
    [property: JsonConverter(typeof(RecordDataJsonConverter))] IReadOnlyDictionary<string, JsonElement>? Data = null,
    IReadOnlyDictionary<string, string>? FieldClocks = null);
