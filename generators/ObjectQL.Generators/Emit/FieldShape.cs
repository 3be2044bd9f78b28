using ObjectQL.Generators.Models;
using ObjectQL.Generators.Parsing;

namespace ObjectQL.Generators.Emit;

/// <summary>How one field looks in C#: its types, its conversions and its JSON kind (the table in docs/modeling.md).</summary>
internal sealed class FieldShape
{
    private FieldShape(FieldSpec field, string ns)
    {
        Field = field;
        var type = EffectiveType(field);
        IsEnum = type == "select";
        switch (type)
        {
            case "number": case "percent": case "summary":
                Set("double", true, "ToNumber", "Number"); break;
            case "currency":
                Set("decimal", true, "ToDecimal", "Decimal"); break;
            case "boolean":
                Set("bool", true, "ToBoolean", "Boolean"); break;
            case "date":
                Set("global::System.DateOnly", true, "ToDate", "Date"); break;
            case "datetime":
                Set("global::System.DateTimeOffset", true, "ToDateTime", "DateTime"); break;
            case "time":
                Set("global::System.TimeOnly", true, "ToTime", "Time"); break;
            case "image": case "file": case "location": case "object": case "grid":
                Set("global::System.Text.Json.JsonElement", true, "ToJson", "Json"); break;
            case "vector":
                Set("float[]", false, "ToVector", "Vector"); break;
            case "select":
                ElementType = $"global::{ns}.{field.EnumName}";
                IsValueType = true;
                FromObject = $"global::{ns}.{field.EnumName}Options.FromValue";
                JsonKind = "Option";
                break;
            default:
                Set("string", false, "ToText", "Text"); break;
        }
        PropertyType = field.Multiple
            ? $"global::System.Collections.Generic.IReadOnlyList<{ElementType}>" + (field.Required ? "" : "?")
            : ElementType + (field.Required ? "" : "?");
        EnumOptions = IsEnum ? $"global::{ns}.{field.EnumName}Options" : null;
    }

    public FieldSpec Field { get; }

    public bool IsEnum { get; }

    public string? EnumOptions { get; }

    /// <summary>The non-nullable type of one value, e.g. <c>double</c>.</summary>
    public string ElementType { get; private set; } = "";

    public bool IsValueType { get; private set; }

    /// <summary>The property type, e.g. <c>double?</c> or <c>IReadOnlyList&lt;string&gt;</c>.</summary>
    public string PropertyType { get; }

    /// <summary>A method group <c>(object? value, string field) -> element</c>.</summary>
    public string FromObject { get; private set; } = "";

    /// <summary>The <c>ObjectQL.FieldValueKind</c> member.</summary>
    public string JsonKind { get; private set; } = "";

    public bool IsComputed => FieldTypes.IsComputed(Field.Type);

    public static FieldShape Of(FieldSpec field, string ns) => new(field, ns);

    /// <summary>Formula fields take their type from <c>data_type</c>; summaries are numbers.</summary>
    public static string EffectiveType(FieldSpec field) => field.Type switch
    {
        "formula" => field.DataType ?? "text",
        _ => field.Type,
    };

    /// <summary>The canonical record value of the C# expression <paramref name="expr"/> of this field's property type.</summary>
    public string ToCanonical(string expr)
    {
        if (Field.Multiple)
        {
            var convert = IsEnum ? $"static item => {EnumOptions}.ToValue(item)" : "static item => (object?)item";
            return Field.Required
                ? $"global::ObjectQL.FieldValues.FromList({expr}, {convert})"
                : $"{expr} is null ? null : global::ObjectQL.FieldValues.FromList({expr}, {convert})";
        }
        if (IsEnum)
        {
            return Field.Required ? $"{EnumOptions}.ToValue({expr})" : $"{expr}.HasValue ? {EnumOptions}.ToValue({expr}.Value) : null";
        }
        if (Field.Required && JsonKind == "Json")
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
        var convert = Field.Multiple
            ? $"global::ObjectQL.FieldValues.ToList<{ElementType}>({value}, {name}, {FromObjectGroup})"
            : $"{FromObjectGroup}({value}, {name})";
        return Field.Required
            ? $"{value} is null ? throw global::ObjectQL.FieldValues.NullNotAllowed({name}) : {convert}"
            : $"{value} is null ? null : ({PropertyType}){convert}";
    }

    private string FromObjectGroup => IsEnum ? FromObject : "global::ObjectQL.FieldValues." + FromObject;

    private void Set(string element, bool isValueType, string fromObject, string jsonKind)
    {
        ElementType = element;
        IsValueType = isValueType;
        FromObject = fromObject;
        JsonKind = jsonKind;
    }
}
