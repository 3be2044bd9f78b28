namespace ObjectQL.Drivers;

/// <summary>
/// An optional driver capability: the driver logs or traces its own work (the SQL driver: one log entry and one activity
/// per statement). The database hands it <see cref="ObjectQLOptions.Diagnostics"/> once, before
/// <see cref="IObjectQLDriver.InitializeAsync"/>. Ask through <see cref="DriverCapabilities.Get{TCapability}"/>.
/// </summary>
public interface IDiagnosticsDriver
{
    /// <summary>Takes the database's diagnostics settings; called once, before the driver's first statement.</summary>
    void UseDiagnostics(ObjectQLDiagnosticsOptions options);
}
