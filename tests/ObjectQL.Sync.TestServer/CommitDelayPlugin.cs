using ObjectQL.Metadata;

namespace ObjectQL.Sync.TestServer;

/// <summary>
/// Holds every transaction open for a random 0 to <see cref="MaxDelay"/> before its commit, in the before-commit stage
/// ahead of the sync server's (it is added first), so concurrent transactions reach their commits in another order than
/// they started and interleave: what a change log that hands out positions early would lose changes under.
/// </summary>
public sealed class CommitDelayPlugin(TimeSpan maxDelay) : IObjectQLPlugin
{
    /// <summary>The longest hold.</summary>
    public TimeSpan MaxDelay { get; } = maxDelay;

    /// <inheritdoc />
    public string Name => "test-commit-delay";

    /// <inheritdoc />
    public IReadOnlyList<ObjectDefinition> SystemObjects => [];

    /// <inheritdoc />
    public void Attach(ObjectQLDatabase database) => Hold(database, MaxDelay);

    /// <summary>
    /// Holds every transaction of the opened <paramref name="database"/> up to <paramref name="maxDelay"/> after the
    /// before-commit handlers subscribed so far: after the sync server has taken the commit position, so the position is
    /// held while others take theirs and pulls must wait for it.
    /// </summary>
    public static void Hold(ObjectQLDatabase database, TimeSpan maxDelay)
    {
        ArgumentNullException.ThrowIfNull(database);
        database.Changes.SubscribeBeforeCommit(async (context, cancellationToken) =>
        {
            if (context.Round == 0)
            {
                await Task.Delay(TimeSpan.FromTicks(Random.Shared.NextInt64(maxDelay.Ticks + 1)), cancellationToken);
            }
        });
    }
}
