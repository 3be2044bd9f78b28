namespace ObjectQL.Metadata;

/// <summary>The roles allowed each operation on an object (<c>object_permissions</c>).</summary>
public sealed record ObjectPermissions
{
    /// <summary>Roles that may create.</summary>
    public IReadOnlyList<string> Create { get; init; } = [];
    /// <summary>Roles that may read.</summary>
    public IReadOnlyList<string> Read { get; init; } = [];
    /// <summary>Roles that may update.</summary>
    public IReadOnlyList<string> Update { get; init; } = [];
    /// <summary>Roles that may delete.</summary>
    public IReadOnlyList<string> Delete { get; init; } = [];
    /// <summary>Roles that read every record regardless of record rules.</summary>
    public IReadOnlyList<string> ViewAll { get; init; } = [];
    /// <summary>Roles that change every record regardless of record rules.</summary>
    public IReadOnlyList<string> ModifyAll { get; init; } = [];
}

/// <summary>Who may read and update one field (<c>field_permissions</c>).</summary>
public sealed record FieldPermission
{
    /// <summary>The field.</summary>
    public required string Field { get; init; }
    /// <summary>Roles that may read it; null means every role that may read the object.</summary>
    public IReadOnlyList<string>? Read { get; init; }
    /// <summary>Roles that may change it; null means every role that may update the object, empty means nobody.</summary>
    public IReadOnlyList<string>? Update { get; init; }
}

/// <summary>A record rule: records matching <see cref="Condition"/> grant the listed operations.</summary>
public sealed record RecordRule
{
    /// <summary>The rule name.</summary>
    public required string Name { get; init; }
    /// <summary>Higher runs first.</summary>
    public int Priority { get; init; }
    /// <summary>Evaluated against the stored record, never the incoming payload.</summary>
    public required Condition Condition { get; init; }
    /// <summary>Matching records may be read.</summary>
    public bool Read { get; init; }
    /// <summary>Matching records may be updated.</summary>
    public bool Update { get; init; }
    /// <summary>Matching records may be deleted.</summary>
    public bool Delete { get; init; }
}

/// <summary>The permission set of one object, from its <c>*.permission.yml</c>.</summary>
public sealed record PermissionDefinition
{
    /// <summary>The permission set name.</summary>
    public required string Name { get; init; }
    /// <summary>The object it governs.</summary>
    public required string Object { get; init; }
    /// <summary>The roles it knows.</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];
    /// <summary>Object-level permissions.</summary>
    public ObjectPermissions ObjectPermissions { get; init; } = new();
    /// <summary>Field-level permissions.</summary>
    public IReadOnlyList<FieldPermission> FieldPermissions { get; init; } = [];
    /// <summary>Record rules.</summary>
    public IReadOnlyList<RecordRule> RecordRules { get; init; } = [];
}
