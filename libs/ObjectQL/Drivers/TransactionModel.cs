namespace ObjectQL.Drivers;

/// <summary>How a driver's transactions behave (docs/drivers.md, "Batch-only stores").</summary>
public enum TransactionModel
{
    /// <summary>
    /// The store holds a transaction open across calls: reads inside it see its own writes, and a write's result
    /// (rows changed) is known when the call returns.
    /// </summary>
    Interactive,

    /// <summary>
    /// The store runs a batch of statements atomically but holds no transaction open (Cloudflare D1). Writes inside a
    /// transaction are buffered and sent as one batch on commit; reads inside it see the committed data, not its own
    /// buffered writes; a compare-and-swap update or a delete that finds its record changed fails the commit with
    /// <see cref="ErrorCodes.Conflict"/> naming the record (a missing record for a version-incrementing update:
    /// <see cref="ErrorCodes.NotFound"/>); numbers reserved for <c>auto_number</c> fields are committed at once, so a
    /// rolled-back write leaves a gap.
    /// </summary>
    Batched,
}

/// <summary>
/// An optional driver capability: says how its transactions behave. A driver without it is
/// <see cref="TransactionModel.Interactive"/>; ask through <see cref="DriverCapabilities.TransactionModelOf"/>.
/// </summary>
public interface ITransactionModelDriver
{
    /// <summary>How the driver's transactions behave.</summary>
    TransactionModel TransactionModel { get; }
}
