using ObjectQL.Metadata;

namespace ObjectQL.Values;

/// <summary>The canonical runtime representation of a field's values (see docs/modeling.md).</summary>
public enum ValueKind
{
    /// <summary><see cref="string"/>.</summary>
    Text,
    /// <summary><see cref="double"/>.</summary>
    Number,
    /// <summary><see cref="decimal"/>.</summary>
    Decimal,
    /// <summary><see cref="bool"/>.</summary>
    Boolean,
    /// <summary><see cref="long"/> (only <c>_version</c>).</summary>
    Integer,
    /// <summary><see cref="DateOnly"/>.</summary>
    Date,
    /// <summary><see cref="DateTimeOffset"/>, kept to whole microseconds.</summary>
    DateTime,
    /// <summary><see cref="TimeOnly"/>, kept to whole microseconds.</summary>
    Time,
    /// <summary><see cref="System.Text.Json.JsonElement"/>.</summary>
    Json,
    /// <summary>An array of <see cref="float"/>.</summary>
    Vector,
}

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
        switch (name)
        {
            case SystemFields.Id:
            case SystemFields.CreatedBy:
            case SystemFields.UpdatedBy:
                return new FieldShape(name, ValueKind.Text, false, null);
            case SystemFields.CreatedAt:
            case SystemFields.UpdatedAt:
                return new FieldShape(name, ValueKind.DateTime, false, null);
            case SystemFields.Version:
                return new FieldShape(name, ValueKind.Integer, false, null);
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

    /// <summary>The canonical value kind of a declared field.</summary>
    public static ValueKind KindOf(FieldDefinition field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.Type switch
        {
            FieldType.Number or FieldType.Percent => ValueKind.Number,
            FieldType.Currency => ValueKind.Decimal,
            FieldType.Boolean => ValueKind.Boolean,
            FieldType.Date => ValueKind.Date,
            FieldType.DateTime => ValueKind.DateTime,
            FieldType.Time => ValueKind.Time,
            FieldType.Image or FieldType.File or FieldType.Location or FieldType.Object or FieldType.Grid => ValueKind.Json,
            FieldType.Vector => ValueKind.Vector,
            FieldType.Select => field.Options.Count > 0 && field.Options.All(static o => o.Value is double) ? ValueKind.Number : ValueKind.Text,
            FieldType.Formula or FieldType.Summary => field.DataType is { } dataType && dataType is not (FieldType.Formula or FieldType.Summary)
                ? KindOf(field with { Type = dataType })
                : ValueKind.Number,
            _ => ValueKind.Text,
        };
    }
}
