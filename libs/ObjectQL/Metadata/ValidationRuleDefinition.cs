namespace ObjectQL.Metadata;

/// <summary>The rule types of <c>validation.rules</c> that ObjectQL enforces.</summary>
public enum ValidationRuleType
{
    /// <summary><c>cross_field</c>: a condition over fields of the same record.</summary>
    CrossField,
    /// <summary><c>state_machine</c>: allowed transitions of one field.</summary>
    StateMachine,
    /// <summary><c>business_rule</c>: a constraint (<c>all_of</c>, <c>any_of</c>, <c>if_field</c>/<c>then_require</c>).</summary>
    BusinessRule,
    /// <summary><c>conditional</c>: a condition checked only when <c>apply_when</c> holds.</summary>
    Conditional,
    /// <summary><c>unique</c>: a combination of fields that must be unique.</summary>
    Unique,
}

/// <summary>When a rule runs.</summary>
[Flags]
public enum RuleTriggers
{
    /// <summary>Never (not a valid declaration).</summary>
    None = 0,
    /// <summary>On create.</summary>
    Create = 1,
    /// <summary>On update.</summary>
    Update = 2,
    /// <summary>On delete.</summary>
    Delete = 4,
    /// <summary>On create and update, the default.</summary>
    CreateAndUpdate = Create | Update,
}

/// <summary>How serious a rule's failure is; only <see cref="Error"/> blocks the write.</summary>
public enum RuleSeverity
{
    /// <summary>Blocks the write.</summary>
    Error,
    /// <summary>Reported, does not block.</summary>
    Warning,
    /// <summary>Reported, does not block.</summary>
    Info,
}

/// <summary>One entry of the object's <c>validation.rules</c>.</summary>
public sealed record ValidationRuleDefinition
{
    /// <summary>The rule name.</summary>
    public required string Name { get; init; }

    /// <summary>The rule type.</summary>
    public required ValidationRuleType Type { get; init; }

    /// <summary>The message; <c>{{old_status}}</c>/<c>{{new_status}}</c> placeholders are filled for state machines.</summary>
    public string? Message { get; init; }

    /// <summary>An application error code reported with the failure.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>How serious a failure is.</summary>
    public RuleSeverity Severity { get; init; } = RuleSeverity.Error;

    /// <summary>When the rule runs.</summary>
    public RuleTriggers Triggers { get; init; } = RuleTriggers.CreateAndUpdate;

    /// <summary>The rule runs on update only when one of these fields changed; empty means always.</summary>
    public IReadOnlyList<string> Fields { get; init; } = [];

    /// <summary>The rule runs only when this holds.</summary>
    public Condition? ApplyWhen { get; init; }

    /// <summary>The condition that must hold (<c>cross_field</c> <c>rule</c>, <c>conditional</c> <c>rule</c>, <c>business_rule</c> <c>constraint</c>).</summary>
    public Condition? Condition { get; init; }

    /// <summary>The field a state machine guards.</summary>
    public string? Field { get; init; }

    /// <summary>State machine: each state and the states it may move to.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Transitions { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>State machine: the states a record may be created in; empty means any.</summary>
    public IReadOnlyList<string> InitialStates { get; init; } = [];

    /// <summary>Business rule: when this field is set ...</summary>
    public string? IfField { get; init; }

    /// <summary>... these fields are required.</summary>
    public IReadOnlyList<string> ThenRequire { get; init; } = [];

    /// <summary>Unique rule: compare text case-sensitively.</summary>
    public bool CaseSensitive { get; init; } = true;
}
