using ObjectQL.Metadata;

namespace ObjectQL.Sync.Client.Storage;

// The client plugin's system objects: the mutation log, the client's state, the synced copy's metadata per record and
// the staging area of pulled pages. JSON members are stored as text, written and read by ClientJsonContext.
internal static class ClientObjects
{
    public const string Mutations = "_objectql_client_mutations";
    public const string State = "_objectql_client_state";
    public const string Records = "_objectql_client_records";
    public const string Staging = "_objectql_client_staging";

    public static IReadOnlyList<ObjectDefinition> All { get; } =
    [
        Object(Mutations,
            Field("sequence", FieldType.Number, index: true),
            Field("object_name", FieldType.Text, index: true),
            Field("record_id", FieldType.Text, index: true),
            Field("operation", FieldType.Text),
            Field("timestamp", FieldType.Text),
            Field("clock", FieldType.Text),
            Field("base_version", FieldType.Number),
            Field("data", FieldType.Textarea),
            Field("base_data", FieldType.Textarea),
            Field("state", FieldType.Text, index: true),
            Field("parked", FieldType.Textarea)),
        Object(State,
            Field("client_id", FieldType.Text),
            Field("epoch", FieldType.Number),
            Field("sequence", FieldType.Number),
            Field("highest_sequence", FieldType.Number),
            Field("checkpoint", FieldType.Textarea),
            Field("resyncing", FieldType.Boolean),
            Field("resync_reason", FieldType.Text),
            Field("max_mutations", FieldType.Number),
            Field("max_record_bytes", FieldType.Number),
            Field("last_sync_at", FieldType.Text),
            Field("hlc_reserved", FieldType.Number),
            Field("lease_owner", FieldType.Text),
            Field("lease_expires", FieldType.Number)),
        Object(Records,
            Field("object_name", FieldType.Text, index: true),
            Field("record_id", FieldType.Text),
            Field("version", FieldType.Number),
            Field("clock", FieldType.Text),
            Field("field_clocks", FieldType.Textarea),
            Field("image", FieldType.Textarea),
            Field("deleted", FieldType.Boolean)),
        Object(Staging,
            Field("position", FieldType.Number, index: true),
            Field("change", FieldType.Textarea)),
    ];

    private static ObjectDefinition Object(string name, params FieldDefinition[] fields) =>
        new() { Name = name, Label = name, Fields = fields, IsSystem = true };

    private static FieldDefinition Field(string name, FieldType type, bool index = false) =>
        new() { Name = name, Label = name, Type = type, Index = index };
}
