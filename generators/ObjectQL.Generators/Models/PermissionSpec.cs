namespace ObjectQL.Generators.Models;

/// <summary>Who may read and update one field.</summary>
internal sealed record FieldPermissionSpec(string Field, EquatableArray<string>? Read, EquatableArray<string>? Update, SourceSpan Span);

/// <summary>A record rule.</summary>
internal sealed record RecordRuleSpec(string Name, int Priority, ConditionSpec Condition, bool Read, bool Update, bool Delete);

/// <summary>A <c>*.permission.yml</c> file; mirrors <c>ObjectQL.Metadata.PermissionDefinition</c>.</summary>
internal sealed record PermissionSpec
{
    public string Name { get; init; } = "";
    public string Object { get; init; } = "";
    public string ClassName { get; init; } = "";
    public SourceSpan ObjectSpan { get; init; } = SourceSpan.FileStart("");
    public EquatableArray<string> Roles { get; init; } = EquatableArray<string>.Empty;
    public EquatableArray<string> Create { get; init; } = EquatableArray<string>.Empty;
    public EquatableArray<string> Read { get; init; } = EquatableArray<string>.Empty;
    public EquatableArray<string> Update { get; init; } = EquatableArray<string>.Empty;
    public EquatableArray<string> Delete { get; init; } = EquatableArray<string>.Empty;
    public EquatableArray<string> ViewAll { get; init; } = EquatableArray<string>.Empty;
    public EquatableArray<string> ModifyAll { get; init; } = EquatableArray<string>.Empty;
    public EquatableArray<FieldPermissionSpec> FieldPermissions { get; init; } = EquatableArray<FieldPermissionSpec>.Empty;
    public EquatableArray<RecordRuleSpec> RecordRules { get; init; } = EquatableArray<RecordRuleSpec>.Empty;
    /// <summary>Fields named by record-rule conditions, with where they are named, for the cross-file check.</summary>
    public EquatableArray<NamedReference> ConditionFields { get; init; } = EquatableArray<NamedReference>.Empty;

    /// <summary>The model without line positions, for the emit step (see <see cref="ObjectSpec.WithoutPositions"/>).</summary>
    public PermissionSpec WithoutPositions()
    {
        var fields = new System.Collections.Generic.List<FieldPermissionSpec>(FieldPermissions.Count);
        foreach (var field in FieldPermissions)
        {
            fields.Add(field with { Span = SourceSpan.FileStart("") });
        }
        return this with
        {
            ObjectSpan = SourceSpan.FileStart(ObjectSpan.Path),
            FieldPermissions = fields.ToEquatableArray(),
            ConditionFields = EquatableArray<NamedReference>.Empty,
        };
    }
}

/// <summary>A name used somewhere in a file, and where.</summary>
internal sealed record NamedReference(string Name, SourceSpan Span);
