using ObjectQL.Metadata;

namespace ObjectQL.Sync.Client.Tests;

internal static class TestModel
{
    public static ObjectDefinition Todo { get; } = Object("todo", new SyncSettings { Enabled = true, Strategy = SyncStrategy.Crdt, DebounceMs = 500, BatchSize = 50 },
        Field("title", FieldType.Text), Field("done", FieldType.Boolean), Field("priority", FieldType.Text));

    public static ObjectDefinition Task { get; } = Object("task", new SyncSettings { Enabled = true, Strategy = SyncStrategy.LastWriteWins },
        Field("title", FieldType.Text), Field("done", FieldType.Boolean));

    public static ObjectDefinition Note { get; } = Object("note", new SyncSettings { Enabled = true, Strategy = SyncStrategy.Manual },
        Field("title", FieldType.Text), Field("body", FieldType.Textarea));

    public static ObjectDefinition Feed { get; } = Object("feed", new SyncSettings { Enabled = true, Direction = SyncDirection.PullOnly },
        Field("title", FieldType.Text));

    public static ObjectDefinition Draft { get; } = Object("draft", null, Field("title", FieldType.Text));

    public static ObjectModel Model { get; } = new([Todo, Task, Note, Feed, Draft]);

    private static ObjectDefinition Object(string name, SyncSettings? sync, params FieldDefinition[] fields) =>
        new() { Name = name, Label = name, Fields = fields, Sync = sync, Permissions = null };

    private static FieldDefinition Field(string name, FieldType type) => new() { Name = name, Label = name, Type = type };
}
