namespace ObjectQL.Metadata;

/// <summary>One object, as declared in <c>*.object.yml</c> and compiled into the generated model registry.</summary>
public sealed class ObjectDefinition
{
    private Dictionary<string, FieldDefinition>? _fieldsByName;

    /// <summary>The object name, e.g. <c>todo_item</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The label; defaults to the title-cased name.</summary>
    public required string Label { get; init; }

    /// <summary>The plural label.</summary>
    public string? PluralLabel { get; init; }

    /// <summary>A description for people.</summary>
    public string? Description { get; init; }

    /// <summary>The physical table; defaults to <see cref="Name"/>.</summary>
    public string? TableName { get; init; }

    /// <summary>The declared fields, in declaration order (system fields are not listed).</summary>
    public required IReadOnlyList<FieldDefinition> Fields { get; init; }

    /// <summary>The declared indexes.</summary>
    public IReadOnlyList<IndexDefinition> Indexes { get; init; } = [];

    /// <summary>The object's validation rules.</summary>
    public IReadOnlyList<ValidationRuleDefinition> ValidationRules { get; init; } = [];

    /// <summary>The <c>sync</c> block, or null when the object does not declare one.</summary>
    public SyncSettings? Sync { get; init; }

    /// <summary>The permission set from the object's <c>*.permission.yml</c>, or null when there is none.</summary>
    public PermissionDefinition? Permissions { get; init; }

    /// <summary>
    /// True for a plugin's own object (a change log, a mutation log, clocks): stored and created by schema sync like any
    /// other, but reachable only through the system context and never synced (<see cref="IObjectQLPlugin.SystemObjects"/>).
    /// </summary>
    public bool IsSystem { get; init; }

    /// <summary>The table the object is stored in.</summary>
    public string StorageName => TableName ?? Name;

    /// <summary>Finds a declared field by name.</summary>
    public FieldDefinition? FindField(string name)
    {
        // Built on first use: definitions are created with object initializers, so there is no constructor to do it in.
        var byName = _fieldsByName ??= Fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
        return byName.GetValueOrDefault(name);
    }

    /// <summary>Gets a declared field by name or throws an <see cref="ErrorCodes.InvalidRequest"/> error naming it.</summary>
    public FieldDefinition GetField(string name) =>
        FindField(name) ?? throw ObjectQLException.InvalidRequest($"Object '{Name}' has no field '{name}'.", name, "unknown_field");
}
