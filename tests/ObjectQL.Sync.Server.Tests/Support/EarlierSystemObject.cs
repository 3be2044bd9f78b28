using ObjectQL.Metadata;

namespace ObjectQL.Sync.Server.Tests.Support;

/// <summary>
/// One of the sync server's system objects as an earlier version declared it, added to a builder in place of the plugin:
/// a store opened with it gets that version's table and indexes, and a later open with the plugin upgrades them.
/// </summary>
internal sealed class EarlierSystemObject(string name, string table, FieldDefinition[] fields, params IndexDefinition[] indexes) : IObjectQLPlugin
{
    public string Name => "sync-server";

    public IReadOnlyList<ObjectDefinition> SystemObjects { get; } =
    [
        new ObjectDefinition { Name = name, Label = name, TableName = table, IsSystem = true, Fields = fields, Indexes = indexes },
    ];

    public void Attach(ObjectQLDatabase database)
    {
    }

    public static FieldDefinition Field(string name, FieldType type) => new() { Name = name, Label = name, Type = type };

    public static FieldDefinition Text(string name) => Field(name, FieldType.Text);

    public static IndexDefinition Index(params string[] fields) => new() { Name = string.Join("_", fields), Fields = fields };
}
