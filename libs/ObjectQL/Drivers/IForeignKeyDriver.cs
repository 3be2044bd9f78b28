namespace ObjectQL.Drivers;

/// <summary>
/// An optional driver capability: the store declares foreign keys for single-valued references (the SQL drivers; see
/// docs/relationships.md). The pipeline's reference checks and <c>deleteBehavior</c> are the authority on every driver;
/// a foreign key is the store's backstop against writes that bypass the pipeline. A store that keeps a partial replica
/// (a sync client's) must not declare them: a plugin switches them off in <see cref="IObjectQLPlugin.ConfigureDriver"/>,
/// before the store is prepared. Ask through <see cref="DriverCapabilities.Get{TCapability}"/>.
/// </summary>
public interface IForeignKeyDriver
{
    /// <summary>Whether schema sync declares foreign keys; read when the store is prepared (<see cref="IObjectQLDriver.InitializeAsync"/>).</summary>
    bool ForeignKeys { get; set; }
}
