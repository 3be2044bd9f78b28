using ObjectQL.Metadata;

namespace ObjectQL.Querying;

/// <summary>
/// A field of <typeparamref name="TEntity"/> whatever its value type: what the generated descriptors
/// (<c>TodoItem.Fields.Done</c>) have in common, so lists of fields (a sync conflict's conflicting fields) stay typed.
/// </summary>
/// <typeparam name="TEntity">The entity the field belongs to.</typeparam>
public interface IFieldDescriptor<TEntity>
    where TEntity : class, IEntity<TEntity>
{
    /// <summary>The stored field name.</summary>
    string Name { get; }

    /// <summary>The field's definition.</summary>
    FieldDefinition? Definition { get; }
}
