namespace ObjectQL;

/// <summary>
/// The isolation level a transaction asks its driver for (<see cref="TransactionOptions.IsolationLevel"/>,
/// <see cref="Drivers.IObjectQLDriver.BeginTransactionAsync"/>): the SQL standard's levels. ObjectQL's own type rather
/// than ADO.NET's <c>System.Data.IsolationLevel</c>, so an app whose store is not ADO.NET (the browser's, the memory
/// driver) does not load <c>System.Data.Common</c> for one enum; the ADO.NET drivers map it to theirs.
/// </summary>
public enum TransactionIsolation
{
    /// <summary>The driver's own level (PostgreSQL: read committed; SQLite and the memory driver: serializable).</summary>
    Unspecified,

    /// <summary>Read uncommitted; PostgreSQL serves it as read committed.</summary>
    ReadUncommitted,

    /// <summary>Read committed: every statement sees the data committed before it began.</summary>
    ReadCommitted,

    /// <summary>Repeatable read: every statement sees the data committed before the transaction's first statement.</summary>
    RepeatableRead,

    /// <summary>Serializable: the transactions' outcome is one of some serial order's.</summary>
    Serializable,
}
