using ObjectQL.Metadata;

namespace ObjectQL.Sync.Server.Storage;

/// <summary>
/// The sync server's system objects (docs/sync-server.md, "Tables"): created by schema sync with the application's
/// objects, reachable only through the system context, written in the data's transaction.
/// </summary>
internal static class SyncObjects
{
    public const string Head = "objectql_sync_head";
    public const string Commit = "objectql_sync_commit";
    public const string Change = "objectql_sync_change";
    public const string RecordState = "objectql_sync_record";
    public const string Mutation = "objectql_sync_mutation";
    public const string Client = "objectql_sync_client";
    public const string Conflict = "objectql_sync_conflict";
    public const string State = "objectql_sync_state";

    /// <summary>The counter field of <see cref="Head"/>: its store counter is the commit position (the locked tail).</summary>
    public const string PositionCounter = "position";

    public static IReadOnlyList<ObjectDefinition> All { get; } =
    [
        // No rows: the object exists so the store keeps a counter for its auto_number field, and that counter row is
        // the head every committing transaction increments last (RFC 6.1).
        Define(Head, "_objectql_sync_head", [Field(PositionCounter, FieldType.AutoNumber)]),
        Define(Commit, "_objectql_sync_commits",
            [Number("position"), Text("tx_id"), Number("tag"), Field("committed_at", FieldType.DateTime), Number(KeyedCommits.Field)],
            // No index on tx_id: commits are read by position (deltas, the prune), never by their transaction. keyed: 1
            // when the commit's change rows are keyed by it (KeyedCommits), empty on commits of earlier versions.
            UniqueIndex("position")),
        Define(Change, "_objectql_sync_changes",
            [Text("tx_id"), Number("ordinal"), Text("tenant_id"), Text("object_name"), Text("record_id"), Text("operation"),
             Number("version"), Text("clock"), Json("field_clocks"), Json("data"), Text("client_id"), Text("mutation_id"),
             Field("committed_at", FieldType.DateTime)],
            // No index on tx_id: a row's id is its commit's transaction id and its ordinal (ChangeKeys), so the key's own
            // index finds a commit's rows (pulls, the prune). Stores of earlier versions are rekeyed once (ChangeKeyUpgrade).
            // Base images (ChunkReads) are found by record id and version, the object name a filter beside: record ids are
            // UUIDs, so a probe meets another object's row only where two objects share an id, and the object name was
            // about ten bytes of every entry (12% of the index). The record id leads for the reason the clock rows' does.
            Index("record_id", "version")),
        // One row per record (tombstones included), found by record and object id whatever its row's id (StoredState).
        // The record id leads: a read of a chunk's records asks for a list of record ids of one object, which PostgreSQL
        // answers with a probe per id only when the list is on the index's first column. On (object_name, record_id) a
        // plan made while the table was small (object_name = $1 matching a few rows) kept the list as a filter, and
        // every read walked all of the object's rows (25 ms per read of 250 ids at 10,000 rows).
        Define(RecordState, "_objectql_sync_records",
            [Text("object_name"), Text("record_id"), Text("tenant_id"), Number("version"), Text("clock"), Text("deleted_clock"), Json("fields")],
            UniqueIndex("record_id", "object_name")),
        // No index beside the key: answers are looked up by their id (client id and mutation id), and a second index
        // would be one more write per mutation that no read uses.
        Define(Mutation, "_objectql_sync_mutations",
            [Text("client_id"), Text("mutation_id"), Number("sequence"), Json("result")]),
        // deleted_through: the position of the last commit holding a delete of one of the client's mutations (null: none),
        // which tells a delta whether the client's own deletes can follow a page's rows (SyncServer.Delta.cs).
        Define(Client, "_objectql_sync_clients",
            [Text("user_id"), Text("tenant_id"), Number("epoch"), Number("highest_sequence"), Number("deleted_through")]),
        Define(Conflict, "_objectql_sync_conflicts",
            [Text("object_name"), Text("record_id"), Text("client_id"), Text("mutation_id"), Text("strategy"), Text("outcome"),
             Json("conflicting_fields"), Text("client_operation"), Json("client_values"), Json("server_values"),
             Text("client_clock"), Text("server_clock"), Number("server_version"), Field("at", FieldType.DateTime)],
            Index("object_name", "record_id")),
        // change_keys: how the change rows are keyed (LogState.KeyedByCommit), empty in a store an earlier version wrote.
        Define(State, "_objectql_sync_state", [Text("log_epoch"), Number("pruned_through"), Number("change_keys")]),
    ];

    private static ObjectDefinition Define(string name, string table, FieldDefinition[] fields, params IndexDefinition[] indexes) => new()
    {
        Name = name,
        Label = name,
        TableName = table,
        Fields = fields,
        Indexes = indexes,
        IsSystem = true,
    };

    private static FieldDefinition Field(string name, FieldType type) => new() { Name = name, Label = name, Type = type };

    private static FieldDefinition Text(string name) => Field(name, FieldType.Text);

    // Positions, versions and sequences are wire integers (at most 2^53-1), which a double holds exactly.
    private static FieldDefinition Number(string name) => Field(name, FieldType.Number);

    // JSON kept as its text: exact bytes on every store, and nothing queries inside it.
    private static FieldDefinition Json(string name) => Field(name, FieldType.Textarea);

    private static IndexDefinition Index(params string[] fields) => new() { Name = string.Join("_", fields), Fields = fields };

    private static IndexDefinition UniqueIndex(params string[] fields) => new() { Name = string.Join("_", fields), Fields = fields, Unique = true };
}
