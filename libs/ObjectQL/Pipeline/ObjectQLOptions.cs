namespace ObjectQL;

/// <summary>Options of <see cref="ObjectQLDatabase.OpenAsync"/>.</summary>
public sealed record ObjectQLOptions
{
    /// <summary>The clock for system timestamps and record ids; <see cref="TimeProvider.System"/> by default.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// The context of the database's own session (<c>db.Object(...)</c>, generated <c>db.TodoItems()</c>).
    /// <see cref="ObjectQLContext.System"/> by default, because code holding the database is trusted; servers answer
    /// requests through <see cref="ObjectQLDatabase.ForUser"/> or <see cref="ObjectQLDatabase.WithContext"/>.
    /// </summary>
    public ObjectQLContext DefaultContext { get; init; } = ObjectQLContext.System;

    /// <summary>
    /// When false, a non-system context is refused (<see cref="ErrorCodes.Forbidden"/>) on objects that have no permission set.
    /// True by default: an object without a <c>*.permission.yml</c> is open to every caller.
    /// </summary>
    public bool AllowObjectsWithoutPermissions { get; init; } = true;

    /// <summary>
    /// The field that holds a record's tenant. For a non-system context with a <see cref="ObjectQLContext.TenantId"/>,
    /// objects that declare this field get it stamped on create and see only their tenant's records.
    /// </summary>
    public string TenantField { get; init; } = "space_id";

    /// <summary>The longest time a field's <c>pattern</c> may take to match one value.</summary>
    public TimeSpan RegexTimeout { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Called when a post-commit change handler (<see cref="ChangeFeed.Subscribe"/>) throws. The write is committed and
    /// succeeds for its caller; the remaining handlers still run. Called on the writer's flow, once per failing handler
    /// and change. When null, or when it throws, the failure is logged as an error, category <c>ObjectQL.Changes</c>, to
    /// <see cref="ObjectQLDiagnosticsOptions.LoggerFactory"/> (which <c>AddObjectQL</c> fills in with the host's), or
    /// written to standard error when there is no logger factory.
    /// </summary>
    public Action<ChangeHandlerFailure>? OnChangeHandlerError { get; init; }

    /// <summary>
    /// Statement logging and what traces may carry, handed to the driver when the database opens
    /// (<see cref="Drivers.IDiagnosticsDriver"/>). Activities and metrics need no setting: they are recorded whenever a
    /// listener is attached (<see cref="ObjectQLTelemetry"/>).
    /// </summary>
    public ObjectQLDiagnosticsOptions Diagnostics { get; init; } = new();
}
