using System.Globalization;
using System.Text.Json;
using ObjectQL.Metadata;
using ObjectQL.Sync.Clocks;

namespace ObjectQL.Sync.Protocol;

/// <summary>
/// The rules of the wire messages that JSON typing alone cannot express. Each failure is an
/// <see cref="ErrorCodes.InvalidRequest"/> error whose detail names the member by JSON path, e.g. <c>$.mutations[2].clock</c>.
/// </summary>
public static class SyncWireValidator
{
    /// <summary>Checks a push request: client id, and every mutation against it.</summary>
    public static SyncPushRequest Validate(SyncPushRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Require(HlcTimestamp.IsValidNode(request.ClientId), "$.clientId", "invalid_client_id",
            "clientId must be 1 to 128 printable ASCII characters without spaces.");
        Require(request.LastCheckpoint is null || request.LastCheckpoint.Length > 0, "$.lastCheckpoint", "invalid_checkpoint",
            "lastCheckpoint must be null or a checkpoint the server issued.");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        long previousSequence = 0;
        for (var i = 0; i < request.Mutations.Count; i++)
        {
            var path = $"$.mutations[{i}]";
            var mutation = request.Mutations[i];
            Validate(mutation, path);
            Require(string.Equals(mutation.ClientId, request.ClientId, StringComparison.Ordinal), path + ".clientId", "client_mismatch",
                "Every mutation's clientId must equal the request's clientId.");
            Require(ids.Add(mutation.Id), path + ".id", "duplicate", $"Mutation id '{mutation.Id}' appears twice in the request.");
            Require(mutation.Sequence > previousSequence, path + ".sequence", "out_of_order",
                "Mutations must be sent in increasing sequence order.");
            previousSequence = mutation.Sequence;
        }
        return request;
    }

    /// <summary>Checks one mutation; <paramref name="path"/> prefixes the member names in errors.</summary>
    public static MutationLogEntry Validate(MutationLogEntry mutation, string path = "$")
    {
        ArgumentNullException.ThrowIfNull(mutation);
        Require(Guid.TryParse(mutation.Id, out _), path + ".id", "invalid_id", "id must be a UUID (version 7 recommended).");
        RequireText(mutation.ObjectName, path + ".objectName");
        RequireText(mutation.RecordId, path + ".recordId");
        Require(HlcTimestamp.IsValidNode(mutation.ClientId), path + ".clientId", "invalid_client_id",
            "clientId must be 1 to 128 printable ASCII characters without spaces.");
        Require(mutation.Sequence >= 1, path + ".sequence", "out_of_range", "sequence starts at 1.");
        RequireTimestamp(mutation.Timestamp, path + ".timestamp");
        var clock = HlcTimestamp.Parse(mutation.Clock, path + ".clock");
        Require(string.Equals(clock.Node, mutation.ClientId, StringComparison.Ordinal), path + ".clock", "client_mismatch",
            "The clock's node must be the mutation's clientId.");
        switch (mutation.Operation)
        {
            case MutationOperation.Create:
                Require(mutation.Data is not null, path + ".data", "required", "A create carries data.");
                Require(mutation.BaseVersion is null, path + ".baseVersion", "invalid_value", "A create has baseVersion null.");
                Require(mutation.BaseData is null, path + ".baseData", "invalid_value", "A create has no baseData.");
                break;
            case MutationOperation.Update:
                Require(mutation.Data is { Count: > 0 }, path + ".data", "required", "An update carries the changed fields in data.");
                Require(mutation.BaseVersion is >= 1, path + ".baseVersion", "required", "An update carries the baseVersion it was made on (1 or more).");
                break;
            case MutationOperation.Delete:
                Require(mutation.Data is null, path + ".data", "invalid_value", "A delete carries no data.");
                Require(mutation.BaseVersion is >= 1, path + ".baseVersion", "required", "A delete carries the baseVersion it was made on (1 or more).");
                break;
        }
        if (mutation.Data is not null)
        {
            ValidateData(mutation.Data, mutation.RecordId, path + ".data");
        }
        if (mutation.BaseData is not null && mutation.Data is not null)
        {
            foreach (var field in mutation.BaseData.Keys)
            {
                Require(mutation.Data.ContainsKey(field), $"{path}.baseData.{field}", "unknown_field",
                    "baseData holds only fields that data changes.");
            }
        }
        return mutation;
    }

    /// <summary>Checks a push response: result ids, checkpoint, clocks and every change.</summary>
    public static SyncPushResponse Validate(SyncPushResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        for (var i = 0; i < response.Results.Count; i++)
        {
            var result = response.Results[i];
            RequireText(result.MutationId, $"$.results[{i}].mutationId");
            if (result is SyncMutationApplied applied)
            {
                HlcTimestamp.Parse(applied.Clock, $"$.results[{i}].clock");
            }
        }
        for (var i = 0; i < response.ServerChanges.Count; i++)
        {
            Validate(response.ServerChanges[i], $"$.serverChanges[{i}]");
        }
        RequireText(response.Checkpoint, "$.checkpoint");
        HlcTimestamp.Parse(response.ServerClock, "$.serverClock");
        return response;
    }

    /// <summary>Checks one server change.</summary>
    public static SyncServerChange Validate(SyncServerChange change, string path = "$")
    {
        ArgumentNullException.ThrowIfNull(change);
        RequireText(change.ObjectName, path + ".objectName");
        RequireText(change.RecordId, path + ".recordId");
        Require(change.ServerVersion >= 1, path + ".serverVersion", "out_of_range", "serverVersion starts at 1.");
        Require((change.Operation == MutationOperation.Delete) == (change.Data is null), path + ".data", "invalid_value",
            "A create or update change carries the full record in data; a delete carries none.");
        RequireTimestamp(change.Timestamp, path + ".timestamp");
        HlcTimestamp.Parse(change.Clock, path + ".clock");
        if (change.FieldClocks is not null)
        {
            foreach (var (field, clock) in change.FieldClocks)
            {
                HlcTimestamp.Parse(clock, $"{path}.fieldClocks.{field}");
            }
        }
        return change;
    }

    /// <summary>Checks an error body.</summary>
    public static SyncErrorResponse Validate(SyncErrorResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        RequireText(response.Error.Code, "$.error.code");
        RequireText(response.Error.Message, "$.error.message");
        return response;
    }

    private static void ValidateData(IReadOnlyDictionary<string, JsonElement> data, string recordId, string path)
    {
        foreach (var (field, value) in data)
        {
            Require(field.Length > 0, path, "invalid_field", "Field names are not empty.");
            Require(field != SystemFields.Version, $"{path}.{field}", "read_only", "_version is the server's; send baseVersion instead.");
            if (field == SystemFields.Id)
            {
                Require(value.ValueKind == JsonValueKind.String && value.GetString() == recordId, $"{path}.{field}", "invalid_value",
                    "data.id, when given, equals recordId.");
            }
        }
    }

    private static void RequireTimestamp(string text, string path) =>
        Require(DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _) && text.Contains('T', StringComparison.Ordinal),
            path, "invalid_timestamp", "An ISO 8601 date and time is expected, e.g. 2026-11-26T09:30:00.123Z.");

    private static void RequireText(string? text, string path) =>
        Require(!string.IsNullOrEmpty(text), path, "required", "A non-empty string is required.");

    private static void Require(bool condition, string path, string reason, string message)
    {
        if (!condition)
        {
            throw ObjectQLException.InvalidRequest($"The sync message is not valid at '{path}': {message}", path, reason);
        }
    }
}
