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

    /// <summary>The object name of <see cref="Todo"/>.</summary>
    public const string TodoName = "sync_todo";

    /// <summary>The object name of <see cref="Invoice"/>.</summary>
    public const string InvoiceName = "sync_invoice";

    /// <summary><c>sync_todo</c>: title, notes, done, rank; <c>crdt</c>; every member may do anything.</summary>
    public static ObjectDefinition Todo { get; } = ForEveryMember(TodoName, SyncStrategy.Crdt,
        TestModels.Field("title", FieldType.Text), TestModels.Field("notes", FieldType.Textarea),
        TestModels.Field("done", FieldType.Boolean), TestModels.Field("rank", FieldType.Number));

    /// <summary><c>sync_invoice</c>: customer, amount, status, memo; <c>manual</c>; every member may do anything.</summary>
    public static ObjectDefinition Invoice { get; } = ForEveryMember(InvoiceName, SyncStrategy.Manual,
        TestModels.Field("customer", FieldType.Text), TestModels.Field("amount", FieldType.Number),
        TestModels.Field("status", FieldType.Text), TestModels.Field("memo", FieldType.Textarea));

    /// <summary>The object name of <see cref="Label"/>.</summary>
    public const string LabelName = "pull_label";

    /// <summary>
    /// <c>pull_label</c>: only fields a browser store reads from JSON (text, textarea, markdown, html, boolean, select) and
    /// their rules (required, a length, a default), so a pull of it can be applied in the store (the browser pull tests).
    /// </summary>
    public static ObjectDefinition Label { get; } = ForEveryMember(LabelName, SyncStrategy.LastWriteWins,
        new FieldDefinition { Name = "name", Label = "Name", Type = FieldType.Text, Required = true, MaxLength = 200 },
        TestModels.Field("memo", FieldType.Textarea), TestModels.Field("notes", FieldType.Markdown), TestModels.Field("page", FieldType.Html),
        new FieldDefinition { Name = "done", Label = "Done", Type = FieldType.Boolean, DefaultValue = false },
        new FieldDefinition
        {
            Name = "tone", Label = "Tone", Type = FieldType.Select, DefaultValue = "medium",
            Options = [new SelectOption { Label = "Low", Value = "low" }, new SelectOption { Label = "Medium", Value = "medium" }, new SelectOption { Label = "High", Value = "high" }],
        });

    /// <summary>Every object the test server serves.</summary>
    public static ObjectModel Objects { get; } = new([.. TestModels.Samples.Objects, Note, Todo, Invoice, Label]);

    private static ObjectDefinition ForEveryMember(string name, SyncStrategy strategy, params FieldDefinition[] fields) =>
        new()
        {
            Name = name,
            Label = TestModels.Object(name).Label,
            Fields = fields,
            Sync = new SyncSettings { Enabled = true, Strategy = strategy },
            Permissions = new PermissionDefinition
            {
                Name = name + "_permissions",
                Object = name,
                Roles = ["member"],
                ObjectPermissions = new ObjectPermissions { Create = ["member"], Read = ["member"], Update = ["member"], Delete = ["member"] },
            },
        };
}
