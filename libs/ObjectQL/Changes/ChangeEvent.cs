namespace ObjectQL;

/// <summary>What a write did.</summary>
public enum ChangeOperation
{
    /// <summary>A record was created.</summary>
    Create,
    /// <summary>A record was updated.</summary>
    Update,
    /// <summary>A record was deleted.</summary>
    Delete,
}

/// <summary>
/// One committed change of one record. Every write path (typed or untyped, single or bulk) emits exactly one per record.
/// Handlers share the instance and its records: treat them as read-only.
/// </summary>
public sealed record ChangeEvent
{
    /// <summary>The object name.</summary>
    public required string ObjectName { get; init; }

    /// <summary>The record id.</summary>
    public required string Id { get; init; }

    /// <summary>What happened.</summary>
    public required ChangeOperation Operation { get; init; }

    /// <summary>The full record after the change (null for a delete).</summary>
    public Record? Data { get; init; }

    /// <summary>The full record before the change (null for a create).</summary>
    public Record? PreviousData { get; init; }

    /// <summary>The record's <c>_version</c> after the change; a delete gets the previous version plus one.</summary>
    public required long Version { get; init; }

    /// <summary>The user who made the change, or null for the system or an anonymous caller.</summary>
    public string? UserId { get; init; }

    /// <summary>The tenant of the context that made the change.</summary>
    public string? TenantId { get; init; }

    /// <summary>When the change was made (the database's <see cref="TimeProvider"/>).</summary>
    public required DateTimeOffset Timestamp { get; init; }
}
