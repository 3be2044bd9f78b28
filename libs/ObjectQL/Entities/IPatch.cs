namespace ObjectQL;

/// <summary>
/// A partial update: it carries only the fields that were set, which is also what a sync mutation sends.
/// Generated per object (<c>TodoItemPatch</c>).
/// </summary>
public interface IPatch
{
    /// <summary>The stored names of the fields this patch sets, in declaration order.</summary>
    IReadOnlyList<string> SetFields { get; }

    /// <summary>True when the patch sets <paramref name="field"/>.</summary>
    bool IsSet(string field);

    /// <summary>The set fields and their canonical values.</summary>
    Record ToRecord();
}

/// <summary>A patch for entities of type <typeparamref name="TEntity"/>.</summary>
/// <typeparam name="TEntity">The entity the patch applies to.</typeparam>
public interface IPatch<TEntity> : IPatch
    where TEntity : class, IEntity<TEntity>
{
    /// <summary>Copies the set fields onto <paramref name="entity"/>.</summary>
    void ApplyTo(TEntity entity);
}
