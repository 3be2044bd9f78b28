using ObjectQL.Drivers;

namespace ObjectQL;

/// <summary>Handles the change events of one transaction just before it commits (<see cref="ChangeFeed.SubscribeBeforeCommit"/>).</summary>
public delegate ValueTask BeforeCommitHandler(BeforeCommitContext context, CancellationToken cancellationToken);

/// <summary>What a before-commit handler sees: the transaction's changes and system sessions inside that transaction.</summary>
public sealed class BeforeCommitContext
{
    internal BeforeCommitContext(IReadOnlyList<ChangeEvent> changes, IPipelineSession session, IPipelineSession trackedSession, int round)
    {
        Changes = changes;
        Session = session;
        TrackedSession = trackedSession;
        Round = round;
    }

    /// <summary>The changes, in write order, each with its <see cref="ChangeEvent.Origin"/>; never empty.</summary>
    public IReadOnlyList<ChangeEvent> Changes { get; }

    /// <summary>
    /// A system session in the committing transaction. Its writes commit or roll back with the data and build no change
    /// events: the place for change logs, mutation logs, counters and other plugin system objects.
    /// </summary>
    public IPipelineSession Session { get; }

    /// <summary>
    /// A system session in the committing transaction whose writes are change events like any other: every before-commit
    /// handler receives them in a further round (<see cref="Round"/> 1, 2, ...) and the change feed publishes them after
    /// the commit. Use it for data that must be seen as changed (for example a derived record that syncs).
    /// </summary>
    public IPipelineSession TrackedSession { get; }

    /// <summary>The driver transaction about to commit (the sessions' <see cref="IPipelineSession.Transaction"/>).</summary>
    public IDriverTransaction Transaction => Session.Transaction!;

    /// <summary>0 for the transaction's own writes; 1 and up for changes before-commit handlers wrote through <see cref="TrackedSession"/>.</summary>
    public int Round { get; }
}
