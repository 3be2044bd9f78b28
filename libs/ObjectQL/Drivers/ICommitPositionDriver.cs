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
    /// Takes the next commit position as <see cref="TakeCommitPositionAsync"/> does and inserts <paramref name="row"/> of
    /// <paramref name="commits"/> holding it in <paramref name="positionField"/> (the row holds it afterwards), in one
    /// statement where the store can; call it immediately before the commit, after every other write. The answer also
    /// carries, where the same statement can tell it, a settled position read after the position was taken with this
    /// transaction left out: a bound for a reader that reads only after this transaction has ended (see
    /// <see cref="SettledCommitPositionAsync"/>).
    /// </summary>
    Task<TakenCommitPosition> InsertAtCommitPositionAsync(
        ObjectDefinition definition, string field, ObjectDefinition commits, Record row, string positionField, IDriverTransaction transaction,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// A position P of the counter such that every transaction that took a position at or below P has committed or rolled
    /// back; 0 when none was taken. Runs outside any transaction. P is never above a position still in flight; it may be
    /// below positions already committed (while a transaction that took its position before them is still in flight).
    /// </summary>
    Task<long> SettledCommitPositionAsync(ObjectDefinition definition, string field, CancellationToken cancellationToken = default);
}

/// <summary>
/// What <see cref="ICommitPositionDriver.InsertAtCommitPositionAsync"/> answers: the position taken, and a settled
/// position that holds once the taking transaction has ended (every other transaction that took a position at or below
/// it had ended when it was read), or null when the store did not read one with the insert.
/// </summary>
/// <param name="Position">The commit position the transaction took.</param>
/// <param name="SettledOnceEnded">The settled position with the taking transaction left out, or null.</param>
public readonly record struct TakenCommitPosition(long Position, long? SettledOnceEnded);
