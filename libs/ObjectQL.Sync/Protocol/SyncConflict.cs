using System.Text.Json;

namespace ObjectQL.Sync.Protocol;

/// <summary>A conflict the server could not resolve on its own (manual strategy): the seed's <c>SyncConflict</c> plus <see cref="ServerVersion"/>.</summary>
/// <param name="ObjectName">The object.</param>
/// <param name="RecordId">The record.</param>
/// <param name="ClientMutation">The mutation as the client sent it.</param>
/// <param name="ServerRecord">The server's current record, filtered by what the caller may read.</param>
/// <param name="ConflictingFields">The fields changed on both sides to different values, in ordinal order.</param>
/// <param name="ServerVersion">The server record's version (addition): the base version of the application's answer.</param>
/// <param name="SuggestedResolution">A suggested record: the server record, the client's non-conflicting changes, and per conflicting field the value with the later clock.</param>
public sealed record SyncConflict(
    string ObjectName,
    string RecordId,
    MutationLogEntry ClientMutation,
    IReadOnlyDictionary<string, JsonElement> ServerRecord,
    IReadOnlyList<string> ConflictingFields,
    long ServerVersion,
    IReadOnlyDictionary<string, JsonElement>? SuggestedResolution = null);
