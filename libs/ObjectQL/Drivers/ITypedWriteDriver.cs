using ObjectQL.Metadata;

namespace ObjectQL.Drivers;

/// <summary>
/// An optional driver capability: inserts that take generated entities and bind their fields straight to the store's
/// parameters through <see cref="IEntity{TSelf}.WriteRow"/>, with no <see cref="Record"/> in between. The effect equals
/// <see cref="IObjectQLDriver.InsertAsync"/> of the entities' <see cref="IEntity.ToRecord"/>. The pipeline uses it for
/// typed creates when nothing needs the records themselves (docs/pipeline.md, "Typed writes").
/// </summary>
public interface ITypedWriteDriver
{
    /// <summary>Inserts complete entities (system fields set); see <see cref="IObjectQLDriver.InsertAsync"/>.</summary>
    Task InsertAsync<TEntity>(ObjectDefinition definition, IReadOnlyList<TEntity> entities, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
        where TEntity : class, IEntity<TEntity>;
}
