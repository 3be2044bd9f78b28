
namespace ObjectQL;

/// <summary>How <see cref="ObjectQLSession.TransactionAsync{T}(Func{ObjectQLSession, CancellationToken, Task{T}}, TransactionOptions, CancellationToken)"/> starts its transaction.</summary>
public sealed record TransactionOptions
{
    /// <summary>
    /// The isolation level to ask the driver for; <see cref="TransactionIsolation.Unspecified"/> (the default) takes the driver's
    /// own (PostgreSQL: READ COMMITTED). The memory driver and SQLite serve every level as serializable. A session
    /// already in a transaction joins it only when this is unspecified or the level that transaction was started with.
    /// </summary>
    public TransactionIsolation IsolationLevel { get; init; } = TransactionIsolation.Unspecified;
}
