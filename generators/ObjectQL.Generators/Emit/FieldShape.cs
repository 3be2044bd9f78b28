using System.Collections.Generic;
using ObjectQL.Generators.Models;
using ObjectQL.Generators.Parsing;
using ObjectQL.Metadata;
using ValueKind = ObjectQL.Values.ValueKind;

namespace ObjectQL.Generators.Emit;

/// <summary>
/// How one field looks in C#: its value kind (the runtime's table, <c>FieldKinds</c>), its types and its conversions
/// (the table in docs/modeling.md).
/// </summary>
internal sealed class FieldShape
{
    private static readonly Dictionary<string, FieldType> Types = TypesByName();

    private FieldShape(FieldSpec field, string ns)
    {
        Field = field;
        Kind = KindOf(field);
        IsEnum = field.Type == "select";
        if (IsEnum)
        {
            ElementType = $"global::{ns}.{field.EnumName}";
            IsValueType = true;
            EnumOptions = $"global::{ns}.{field.EnumName}Options";
            FromObjectGroup = EnumOptions + ".FromValue";
        }
        else
        {
            ElementType = ClrType(Kind);
            IsValueType = Kind is not (ValueKind.Text or ValueKind.Vector);
            FromObjectGroup = RuntimeTypes.FieldValues + "." + Converter(Kind);
        }
        PropertyType = field.Multiple
            ? $"global::System.Collections.Generic.IReadOnlyList<{ElementType}>" + (field.Required ? "" : "?")
            : ElementType + (field.Required ? "" : "?");
    }

    public FieldSpec Field { get; }

    /// <summary>The runtime's value kind of one value: what records hold and how JSON is read.</summary>
    public ValueKind Kind { get; }

    public bool IsEnum { get; }

    public string? EnumOptions { get; }

    /// <summary>The non-nullable type of one value, e.g. <c>double</c>.</summary>
    public string ElementType { get; }

    public bool IsValueType { get; }

    /// <summary>The property type, e.g. <c>double?</c> or <c>IReadOnlyList&lt;string&gt;</c>.</summary>
    public string PropertyType { get; }

    /// <summary>A method group <c>(object? value, string field) -> element</c>.</summary>
    public string FromObjectGroup { get; }

    public bool IsComputed => FieldTypes.IsComputed(Field.Type);

    public static FieldShape Of(FieldSpec field, string ns) => new(field, ns);

    /// <summary>The C# type of one value of <paramref name="kind"/> (not a select's enum).</summary>
    public static string ClrType(ValueKind kind) => kind switch
    {
        ValueKind.Number => "double",
        ValueKind.Decimal => "decimal",
        ValueKind.Boolean => "bool",
        ValueKind.Integer => "long",
        ValueKind.Date => "global::System.DateOnly",
        ValueKind.DateTime => "global::System.DateTimeOffset",
        ValueKind.Time => "global::System.TimeOnly",
        ValueKind.Json => "global::System.Text.Json.JsonElement",
        ValueKind.Vector => "float[]",
        _ => "string",
    };

    /// <summary>The <c>FieldValues</c> method converting a canonical value of <paramref name="kind"/> to its C# type.</summary>
    public static string Converter(ValueKind kind) => kind switch
    {
        ValueKind.Number => "ToNumber",
        ValueKind.Decimal => "ToDecimal",
        ValueKind.Boolean => "ToBoolean",
        ValueKind.Integer => "ToInteger",
        ValueKind.Date => "ToDate",
        ValueKind.DateTime => "ToDateTime",
        ValueKind.Time => "ToTime",
        ValueKind.Json => "ToJson",
        ValueKind.Vector => "ToVector",
        _ => "ToText",
    };

    /// <summary>
    /// The type-named suffix of the typed row methods (<c>IRowSource.GetDouble</c>, <c>IRowTarget.WriteDouble</c>) for
    /// <paramref name="kind"/>, or null when a value travels in its canonical form (JSON, vectors).
    /// </summary>
    public static string? RowMethod(ValueKind kind) => kind switch
    {
        ValueKind.Text => "String",
        ValueKind.Number => "Double",
        ValueKind.Decimal => "Decimal",
        ValueKind.Boolean => "Boolean",
        ValueKind.Integer => "Int64",
        ValueKind.Date => "DateOnly",
        ValueKind.DateTime => "DateTimeOffset",
        ValueKind.Time => "TimeOnly",
        _ => null,
    };

    /// <summary>The canonical record value of the C# expression <paramref name="expr"/> of this field's property type.</summary>
    public string ToCanonical(string expr)
    {
        if (Field.Multiple)
        {
            var convert = IsEnum ? $"static item => {EnumOptions}.ToValue(item)" : "static item => (object?)item";
            return Field.Required
                ? $"{RuntimeTypes.FieldValues}.FromList({expr}, {convert})"
                : $"{expr} is null ? null : {RuntimeTypes.FieldValues}.FromList({expr}, {convert})";
        }
        if (IsEnum)
        {
            return Field.Required ? $"{EnumOptions}.ToValue({expr})" : $"{expr}.HasValue ? {EnumOptions}.ToValue({expr}.Value) : null";
        }
        if (Field.Required && Kind == ValueKind.Json)
        {
            // A required JSON property starts as default(JsonElement), which holds no value: it is sent as null.
            return $"{expr}.ValueKind == global::System.Text.Json.JsonValueKind.Undefined ? null : (object){expr}";
        }
        return expr;
    }

    /// <summary>An expression converting <c>value</c> (a canonical object) to the property type; names the field in errors.</summary>
    public string FromCanonical(string value)
    {
        var name = Literals.String(Field.Name);
        return Field.Required
            ? $"{value} is null ? throw {RuntimeTypes.FieldValues}.NullNotAllowed({name}) : {FromNonNull(value)}"
            : $"{value} is null ? null : ({PropertyType}){FromNonNull(value)}";
    }

    /// <summary>An expression converting <c>value</c>, a canonical object that is not null, to the element or list type.</summary>
    public string FromNonNull(string value)
    {
        var name = Literals.String(Field.Name);
        return Field.Multiple
            ? $"{RuntimeTypes.FieldValues}.ToList<{ElementType}>({value}, {name}, {FromObjectGroup})"
            : $"{FromObjectGroup}({value}, {name})";
    }

    private static ValueKind KindOf(FieldSpec field)
    {
        var numericOptions = !field.Options.IsEmpty;
        foreach (var option in field.Options)
        {
            numericOptions &= option.IsNumber;
        }
        FieldType? dataType = field.DataType is { } name ? Types[name] : null;
        return Values.FieldKinds.Of(Types[field.Type], dataType, numericOptions);
    }

    private static Dictionary<string, FieldType> TypesByName()
    {
        var types = new Dictionary<string, FieldType>(System.StringComparer.Ordinal);
        foreach (var pair in FieldTypes.EnumMembers)
        {
            types.Add(pair.Key, (FieldType)System.Enum.Parse(typeof(FieldType), pair.Value));
        }
        return types;
    }
}
