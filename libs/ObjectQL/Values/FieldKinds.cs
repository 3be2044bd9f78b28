using ObjectQL.Metadata;

namespace ObjectQL.Values;

// The source generator compiles this file too (see generators/ObjectQL.Generators/ObjectQL.Generators.csproj), so the
// C# types it generates and the values the runtime accepts come from this one table. It must build for netstandard2.0.

/// <summary>The canonical value kind of each field type and of each system field (the table in docs/modeling.md).</summary>
internal static class FieldKinds
{
    /// <summary>
    /// The kind of a field of <paramref name="type"/>. A select holds numbers only when every option is a number;
    /// a formula takes its kind from <paramref name="dataType"/> (text when absent); a summary is a number.
    /// </summary>
    public static ValueKind Of(FieldType type, FieldType? dataType, bool numericOptions) => type switch
    {
        FieldType.Number or FieldType.Percent or FieldType.Summary => ValueKind.Number,
        FieldType.Currency => ValueKind.Decimal,
        FieldType.Boolean => ValueKind.Boolean,
        FieldType.Date => ValueKind.Date,
        FieldType.DateTime => ValueKind.DateTime,
        FieldType.Time => ValueKind.Time,
        FieldType.Image or FieldType.File or FieldType.Location or FieldType.Object or FieldType.Grid => ValueKind.Json,
        FieldType.Vector => ValueKind.Vector,
        FieldType.Select => numericOptions ? ValueKind.Number : ValueKind.Text,
        FieldType.Formula => dataType is { } result && result is not (FieldType.Formula or FieldType.Summary)
            ? Of(result, null, numericOptions)
            : ValueKind.Text,
        _ => ValueKind.Text,
    };

    /// <summary>The kind of the system field <paramref name="name"/>, or null when it is none.</summary>
    public static ValueKind? OfSystemField(string name) => name switch
    {
        SystemFields.Id or SystemFields.CreatedBy or SystemFields.UpdatedBy => ValueKind.Text,
        SystemFields.CreatedAt or SystemFields.UpdatedAt => ValueKind.DateTime,
        SystemFields.Version => ValueKind.Integer,
        _ => null,
    };
}
