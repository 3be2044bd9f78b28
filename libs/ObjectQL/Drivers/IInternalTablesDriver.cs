namespace ObjectQL.Drivers;

/// <summary>
/// An optional driver capability: the tables the driver keeps in the store for itself (the SQL driver's counters and
/// schema record). No object of a database may be stored in one of them; opening refuses such a model before the store
/// is touched (<see cref="ErrorCodes.InvalidRequest"/>, reason <c>reserved_table</c>). Ask through
/// <see cref="DriverCapabilities.InternalTablesOf"/>.
/// </summary>
public interface IInternalTablesDriver
{
    /// <summary>The names of the driver's own tables; a model's table names are compared with them without case.</summary>
    IReadOnlyList<string> InternalTables { get; }
}
