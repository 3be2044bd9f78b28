namespace ObjectQL.Drivers;

/// <summary>
/// The one way to ask a driver for an optional capability (<see cref="ISequenceDriver"/>, <see cref="ITypedReadDriver"/>,
/// <see cref="ITypedWriteDriver"/>, <see cref="IVersionIncrementingDriver"/>, <see cref="ITransactionModelDriver"/>,
/// <see cref="IInternalTablesDriver"/>, <see cref="IDiagnosticsDriver"/>, <see cref="ICommitPositionDriver"/>,
/// <see cref="IDatabaseClockDriver"/>, <see cref="IForeignKeyDriver"/>, <see cref="IJsonRowsDriver"/>, <see cref="IPulledPagesDriver"/>):
/// a decorator (<see cref="DelegatingDriver"/>) implements every capability interface, so a type test would see them
/// all; this asks it which the driver underneath really has.
/// </summary>
public static class DriverCapabilities
{
    /// <summary>The driver as a <typeparamref name="TCapability"/>, or null when it lacks that capability.</summary>
    public static TCapability? Get<TCapability>(IObjectQLDriver driver)
        where TCapability : class
    {
        ArgumentNullException.ThrowIfNull(driver);
        return driver is DelegatingDriver decorator ? decorator.GetCapability<TCapability>() : driver as TCapability;
    }

    /// <summary>True when the driver has capability <typeparamref name="TCapability"/>.</summary>
    public static bool Has<TCapability>(IObjectQLDriver driver)
        where TCapability : class => Get<TCapability>(driver) is not null;

    /// <summary>How the driver's transactions behave; <see cref="TransactionModel.Interactive"/> unless it says otherwise.</summary>
    public static TransactionModel TransactionModelOf(IObjectQLDriver driver) =>
        Get<ITransactionModelDriver>(driver)?.TransactionModel ?? TransactionModel.Interactive;

    /// <summary>The tables the driver keeps for itself (<see cref="IInternalTablesDriver"/>); none unless it says otherwise.</summary>
    public static IReadOnlyList<string> InternalTablesOf(IObjectQLDriver driver) =>
        Get<IInternalTablesDriver>(driver)?.InternalTables ?? [];
}
