namespace ObjectQL;

/// <summary>
/// An entity with the related entity (or entities) of one reference field, read by the typed include
/// (<see cref="Repository{TEntity}.FindAsync{TRelated}(Querying.Query, Querying.IFieldDescriptor{TEntity}, Repository{TRelated}, CancellationToken)"/>).
/// </summary>
/// <typeparam name="TEntity">The entity read.</typeparam>
/// <typeparam name="TRelated">The entity its reference field refers to.</typeparam>
/// <param name="Entity">The entity, its reference field still holding the id(s).</param>
/// <param name="Related">
/// For a single-valued reference, the related entity; null when the field is empty or the related record is missing or
/// not readable by the caller.
/// </param>
/// <param name="RelatedList">For a <c>multiple</c> lookup, the related entities the caller may read, in the order of the ids; otherwise empty.</param>
public sealed record Included<TEntity, TRelated>(TEntity Entity, TRelated? Related, IReadOnlyList<TRelated> RelatedList)
    where TEntity : class, IEntity<TEntity>
    where TRelated : class, IEntity<TRelated>;
