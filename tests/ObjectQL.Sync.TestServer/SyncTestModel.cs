using ObjectQL.Metadata;
using ObjectQL.Testing;

namespace ObjectQL.Sync.TestServer;

/// <summary>The objects the test server serves: the shared samples, and <c>sync_note</c>, which every member may read and write.</summary>
public static class SyncTestModel
{
    /// <summary>The object name of <see cref="Note"/>.</summary>
    public const string NoteName = "sync_note";

    /// <summary>
    /// <c>sync_note</c>: title, body, writer, rank; last-write-wins; members create, read, update and delete any note, so a
    /// reader sees every writer's notes.
    /// </summary>
    public static ObjectDefinition Note { get; } = new()
    {
        Name = NoteName,
        Label = "Sync Note",
        Fields =
        [
            TestModels.Field("title", FieldType.Text),
            TestModels.Field("body", FieldType.Textarea),
            TestModels.Field("writer", FieldType.Text),
            TestModels.Field("rank", FieldType.Number),
        ],
        Sync = new SyncSettings { Enabled = true, Strategy = SyncStrategy.LastWriteWins },
        Permissions = new PermissionDefinition
        {
            Name = "sync_note_permissions",
            Object = NoteName,
            Roles = ["member"],
            ObjectPermissions = new ObjectPermissions { Create = ["member"], Read = ["member"], Update = ["member"], Delete = ["member"] },
        },
    };

    /// <summary>Every object the test server serves.</summary>
    public static ObjectModel Objects { get; } = new([.. TestModels.Samples.Objects, Note]);
}
