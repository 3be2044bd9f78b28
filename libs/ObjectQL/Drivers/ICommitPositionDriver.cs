using ObjectQL.Metadata;

namespace ObjectQL.Drivers;

/// <summary>
/// An optional driver capability: commit positions that follow commit order without making writers wait for each other
/// (a change log's head, docs/sync-protocol.md section 6.1). A writer takes its position as the last step of its
/// transaction; a reader asks for the settled position, below which every position taken belongs to a transaction that
/// has ended, so a reader that reads the committed data up to it afterwards misses no commit. Positions are increasing
/// but may have holes (a transaction that rolls back after taking one).
/// </summary>
public interface ICommitPositionDriver
{
    /// <summary>
    /// Takes the next commit position of the counter (<paramref name="definition"/>, <paramref name="field"/>) in
    /// <paramref name="transaction"/>; call it immediately before the commit, after every other write. A counter kept
    /// before by <see cref="ISequenceDriver"/> under the same name goes on above its last number.
    /// </summary>
    Task<long> TakeCommitPositionAsync(ObjectDefinition definition, string field, IDriverTransaction transaction, CancellationToken cancellationToken = default);

    /// <summary>
    /// A position P of the counter such that every transaction that took a position at or below P has committed or rolled
    /// back; 0 when none was taken. Runs outside any transaction. P is never above a position still in flight; it may be
    /// below positions already committed (while a transaction that took its position before them is still in flight).
    /// </summary>
    Task<long> SettledCommitPositionAsync(ObjectDefinition definition, string field, CancellationToken cancellationToken = default);
}
