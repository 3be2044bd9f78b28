using ObjectQL.Pipeline;

namespace ObjectQL;

public sealed partial class ObjectQLSession
{
    // A bound on handlers that keep answering tracked changes with tracked changes.
    private const int MaxBeforeCommitRounds = 8;

    // The before-commit stage: every handler gets the transaction's change events in write order, once. Changes that
    // handlers write through BeforeCommitContext.TrackedSession reach every handler in a further round, so each handler
    // still sees each change exactly once; writes through BeforeCommitContext.Session build no changes at all.
    private async ValueTask RunBeforeCommitAsync(TransactionScope scope, CancellationToken cancellationToken)
    {
        var silent = new ObjectQLSession(Database, ObjectQLContext.System, scope, origin: null, silent: true);
        var tracked = new ObjectQLSession(Database, ObjectQLContext.System, scope);
        var start = 0;
        for (var round = 0; start < scope.Changes.Count; round++)
        {
            if (round == MaxBeforeCommitRounds)
            {
                throw ObjectQLException.InvalidRequest(
                    $"Before-commit handlers wrote tracked changes in {MaxBeforeCommitRounds} rounds in a row; write logs through BeforeCommitContext.Session, which builds no changes.",
                    null, "before_commit_loop");
            }
            var changes = scope.ChangesFrom(start);
            start += changes.Length;
            await Database.Changes.RunBeforeCommitAsync(new BeforeCommitContext(changes, silent, tracked, round), cancellationToken).ConfigureAwait(false);
            scope.EnsureActive();
        }
    }
}
