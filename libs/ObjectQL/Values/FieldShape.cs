using ObjectQL.Metadata;

namespace ObjectQL.Values;

/// <summary>What the runtime knows about one stored field (declared or system) when reading, writing or querying it.</summary>
/// <param name="Name">The stored field name.</param>
/// <param name="Kind">The canonical value kind of one element.</param>
/// <param name="Multiple">The field holds a list of <paramref name="Kind"/> values.</param>
/// <param name="Definition">The declared field, or null for a system field.</param>
public readonly record struct FieldShape(string Name, ValueKind Kind, bool Multiple, FieldDefinition? Definition)
{
    /// <summary>True for the system fields (<c>id</c>, <c>created_at</c>, ...).</summary>
    public bool IsSystem => Definition is null;

    /// <summary>True when values can be ordered and compared with <c>$gt</c>..<c>$lte</c> and <c>$between</c>.</summary>
    public bool IsOrderable => !Multiple && Kind is not (ValueKind.Json or ValueKind.Vector);

    /// <summary>True when <c>$contains</c>/<c>$startsWith</c>/<c>$endsWith</c> apply as text operators.</summary>
    public bool IsText => !Multiple && Kind == ValueKind.Text;

    /// <summary>True for fields summed and averaged.</summary>
    public bool IsNumeric => !Multiple && Kind is ValueKind.Number or ValueKind.Decimal or ValueKind.Integer;

    /// <summary>The shape of a field of <paramref name="definition"/> (declared or system), or null when there is none.</summary>
    public static FieldShape? Find(ObjectDefinition definition, string name)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (FieldKinds.OfSystemField(name) is { } system)
        {
            return new FieldShape(name, system, false, null);
        }
        var field = definition.FindField(name);
        return field is null ? null : new FieldShape(name, KindOf(field), field.Multiple, field);
    }

    /// <summary>The shape of a stored field, or an <see cref="ErrorCodes.InvalidRequest"/> error naming an unknown or computed field.</summary>
    public static FieldShape Get(ObjectDefinition definition, string name)
    {
        var shape = Find(definition, name)
            ?? throw ObjectQLException.InvalidRequest($"Object '{definition.Name}' has no field '{name}'.", name, "unknown_field");
        if (shape.Definition is { IsComputed: true })
        {
            throw ObjectQLException.InvalidRequest(
                $"Field '{name}' of '{definition.Name}' is computed ({shape.Definition.Type}) and is not stored, so it cannot be queried or written.", name, "computed_field");
        }
        return shape;
    }

    /// <summary>The canonical value kind of a declared field (one element of it when it is multiple).</summary>
    public static ValueKind KindOf(FieldDefinition field)
    {
        ArgumentNullException.ThrowIfNull(field);
        var numericOptions = field.Options.Count > 0 && field.Options.All(static o => o.Value is double);
        return FieldKinds.Of(field.Type, field.DataType, numericOptions);
    }
}
