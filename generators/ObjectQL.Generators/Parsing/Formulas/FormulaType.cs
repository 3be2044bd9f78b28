namespace ObjectQL.Generators.Parsing.Formulas;

/// <summary>The value types of the formula language.</summary>
internal enum FormulaType
{
    Number,
    Text,
    Boolean,
    Date,
    DateTime,
}

internal static class FormulaTypes
{
    /// <summary>The nullable C# type a value of <paramref name="type"/> has in compiled code.</summary>
    public static string ClrType(FormulaType type) => type switch
    {
        FormulaType.Number => "double?",
        FormulaType.Boolean => "bool?",
        FormulaType.Date => "global::System.DateOnly?",
        FormulaType.DateTime => "global::System.DateTimeOffset?",
        _ => "string?",
    };

    /// <summary>The word used in messages and for <c>data_type</c>.</summary>
    public static string Name(FormulaType type) => type switch
    {
        FormulaType.Number => "number",
        FormulaType.Boolean => "boolean",
        FormulaType.Date => "date",
        FormulaType.DateTime => "datetime",
        _ => "text",
    };

    /// <summary>The <c>FormulaValues</c> reader of a record field of <paramref name="type"/>.</summary>
    public static string Reader(FormulaType type) => type switch
    {
        FormulaType.Number => "Number",
        FormulaType.Boolean => "Boolean",
        FormulaType.Date => "Date",
        FormulaType.DateTime => "DateTime",
        _ => "Text",
    };
}
