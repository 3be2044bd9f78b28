using ObjectQL.Entities.Generated;
using ObjectQL.Metadata;

namespace ObjectQL;

/// <summary>
/// A generated entity. Field access by name goes through generated switches, never reflection,
/// so hooks, validation and sync see typed and untyped records the same way.
/// </summary>
public interface IEntity
{
    /// <summary>The record id (<c>id</c>).</summary>
    string? Id { get; set; }

    /// <summary>The record version (<c>_version</c>), incremented on every write.</summary>
    long Version { get; set; }

    /// <summary>Reads a field (declared or system) by its stored name.</summary>
    /// <returns>False when the object has no such field.</returns>
    bool TryGetField(string field, out object? value);

    /// <summary>Writes a field by its stored name from a canonical value; throws <see cref="ObjectQLException"/> for an unknown field or a wrong type.</summary>
    void SetField(string field, object? value);

    /// <summary>The entity as an untyped record holding every field.</summary>
    Record ToRecord();
}

/// <summary>A generated entity that knows its own definition and how to build itself from a record.</summary>
/// <typeparam name="TSelf">The entity type itself.</typeparam>
public interface IEntity<TSelf> : IEntity
    where TSelf : class, IEntity<TSelf>
{
    /// <summary>The object this entity type represents.</summary>
    static abstract ObjectDefinition Definition { get; }

    /// <summary>Builds an entity from an untyped record; absent fields keep their defaults.</summary>
    static abstract TSelf FromRecord(Record record);

    /// <summary>
    /// Builds an entity from one result row, reading each field the <paramref name="layout"/> places in the row with
    /// the typed getter of its C# type; fields the row lacks keep their defaults. Generated entities implement it
    /// without a <see cref="Record"/> or boxing; the default goes through <see cref="FromRecord"/>. Conversions and
    /// errors equal <see cref="FromRecord"/>'s for the record the row represents.
    /// </summary>
    static virtual TSelf ReadRow<TRow>(ref TRow row, RowLayout layout)
        where TRow : IRowSource, allows ref struct
    {
        ArgumentNullException.ThrowIfNull(layout);
        return TSelf.FromRecord(layout.ToRecord(ref row));
    }

    /// <summary>
    /// Hands every stored field of <paramref name="entity"/> to <paramref name="target"/> by slot (see
    /// <see cref="IRowTarget"/>), with the typed method of its C# type. Generated entities implement it without a
    /// <see cref="Record"/> or boxing; the default goes through <see cref="IEntity.ToRecord"/> and
    /// <see cref="IRowTarget.WriteValue"/>. The values equal those of <see cref="IEntity.ToRecord"/>.
    /// </summary>
    static virtual void WriteRow<TTarget>(TSelf entity, ref TTarget target)
        where TTarget : IRowTarget, allows ref struct
    {
        ArgumentNullException.ThrowIfNull(entity);
        var record = entity.ToRecord();
        var system = SystemFields.All;
        for (var slot = 0; slot < system.Count; slot++)
        {
            if (system[slot] == SystemFields.Version)
            {
                target.WriteInt64(slot, entity.Version);
            }
            else if (record[system[slot]] is { } value)
            {
                target.WriteValue(slot, value);
            }
            else
            {
                target.WriteNull(slot);
            }
        }
        var fields = TSelf.Definition.Fields;
        for (var i = 0; i < fields.Count; i++)
        {
            if (fields[i].IsComputed)
            {
                continue;
            }
            if (record[fields[i].Name] is { } value)
            {
                target.WriteValue(system.Count + i, value);
            }
            else
            {
                target.WriteNull(system.Count + i);
            }
        }
    }

    /// <summary>
    /// A shallow copy of <paramref name="entity"/> (list and array values are shared). Generated entities copy their
    /// fields directly; the default goes through a record.
    /// </summary>
    static virtual TSelf Copy(TSelf entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return TSelf.FromRecord(entity.ToRecord());
    }
}
