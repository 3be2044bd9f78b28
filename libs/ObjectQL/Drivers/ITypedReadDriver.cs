using ObjectQL.Metadata;
using ObjectQL.Querying;

namespace ObjectQL.Drivers;

/// <summary>
/// An optional driver capability: reads that fill generated entities straight from the store's rows through
/// <see cref="IEntity{TSelf}.ReadRow"/>, with no <see cref="Record"/> in between. Answers equal
/// <see cref="IObjectQLDriver.FindAsync"/>/<see cref="IObjectQLDriver.FindOneAsync"/> followed by
/// <see cref="IEntity{TSelf}.FromRecord"/>. The pipeline uses it when nothing needs the records themselves
/// (no after-find hooks, no field masking); drivers that do not implement it are read through records.
/// </summary>
public interface ITypedReadDriver
{
    /// <summary>Entities matching <paramref name="query"/>; see <see cref="IObjectQLDriver.FindAsync"/>.</summary>
    Task<IReadOnlyList<TEntity>> FindAsync<TEntity>(ObjectDefinition definition, Query query, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
        where TEntity : class, IEntity<TEntity>;

    /// <summary>The entity with <paramref name="id"/>, or null; see <see cref="IObjectQLDriver.FindOneAsync"/>.</summary>
    Task<TEntity?> FindOneAsync<TEntity>(ObjectDefinition definition, string id, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
        where TEntity : class, IEntity<TEntity>;
}
