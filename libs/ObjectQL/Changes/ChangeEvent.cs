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
/// One change of one record. Every write path (typed or untyped, single or bulk) emits exactly one per record; before-commit
/// handlers see it inside its transaction, post-commit handlers once it committed. Handlers share the instance and its
/// records: treat them as read-only.
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

    /// <summary>The origin of the session that made the change (<see cref="ObjectQLSession.WithOrigin"/>; its entry for this record when it has one), or null.</summary>
    public WriteOrigin? Origin { get; init; }

    // The one place the pipeline builds change events, so user, tenant and origin are stamped alike on every write path.
    internal static ChangeEvent For(
        IPipelineSession session, string objectName, ChangeOperation operation, string id, Record? data, Record? previousData, long version,
        DateTimeOffset timestamp) => new()
        {
            ObjectName = objectName,
            Id = id,
            Operation = operation,
            Data = data,
            PreviousData = previousData,
            Version = version,
            UserId = session.Context.UserId,
            TenantId = session.Context.TenantId,
            Timestamp = timestamp,
            Origin = session.Origin?.For(id),
        };
}
