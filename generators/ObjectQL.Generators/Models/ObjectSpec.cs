namespace ObjectQL.Generators.Models;

/// <summary>An index from the <c>indexes</c> map.</summary>
internal sealed record IndexSpec(string Name, EquatableArray<string> Fields, bool Unique);

/// <summary>One state of a state machine and the states it may move to.</summary>
internal sealed record TransitionSpec(string State, EquatableArray<string> Next);

/// <summary>One entry of <c>validation.rules</c>; mirrors <c>ObjectQL.Metadata.ValidationRuleDefinition</c>.</summary>
internal sealed record RuleSpec
{
    public string Name { get; init; } = "";
    /// <summary>The enum member name, e.g. <c>CrossField</c>.</summary>
    public string Type { get; init; } = "";
    public string? Message { get; init; }
    public string? ErrorCode { get; init; }
    public string Severity { get; init; } = "Error";
    public EquatableArray<string> Triggers { get; init; } = EquatableArray<string>.Empty;
    public EquatableArray<string> Fields { get; init; } = EquatableArray<string>.Empty;
    public ConditionSpec? ApplyWhen { get; init; }
    public ConditionSpec? Condition { get; init; }
    public string? Field { get; init; }
    public EquatableArray<TransitionSpec> Transitions { get; init; } = EquatableArray<TransitionSpec>.Empty;
    public EquatableArray<string> InitialStates { get; init; } = EquatableArray<string>.Empty;
    public string? IfField { get; init; }
    public EquatableArray<string> ThenRequire { get; init; } = EquatableArray<string>.Empty;
    public bool CaseSensitive { get; init; } = true;
}

/// <summary>The <c>sync</c> block; strategy and direction hold enum member names.</summary>
internal sealed record SyncSpec(bool Enabled, string Strategy, EquatableArray<string> ConflictFields, string Direction, int DebounceMs, int BatchSize);

/// <summary>One object, ready to emit.</summary>
internal sealed record ObjectSpec
{
    public string Name { get; init; } = "";
    public string ClassName { get; init; } = "";
    public string Label { get; init; } = "";
    public string? PluralLabel { get; init; }
    public string? Description { get; init; }
    public string? TableName { get; init; }
    public EquatableArray<FieldSpec> Fields { get; init; } = EquatableArray<FieldSpec>.Empty;
    public EquatableArray<IndexSpec> Indexes { get; init; } = EquatableArray<IndexSpec>.Empty;
    public EquatableArray<RuleSpec> Rules { get; init; } = EquatableArray<RuleSpec>.Empty;
    public SyncSpec? Sync { get; init; }
    public SourceSpan Span { get; init; } = SourceSpan.FileStart("");

    /// <summary>
    /// The model without line positions: emitting never needs them, so moving lines in the YAML (a comment added above)
    /// leaves the emit step's input equal and its output cached. Diagnostics keep their spans separately.
    /// </summary>
    public ObjectSpec WithoutPositions()
    {
        var fields = new System.Collections.Generic.List<FieldSpec>(Fields.Count);
        foreach (var field in Fields)
        {
            fields.Add(field with { Span = SourceSpan.FileStart(""), ReferenceSpan = null });
        }
        return this with { Span = SourceSpan.FileStart(Span.Path), Fields = fields.ToEquatableArray() };
    }
}
