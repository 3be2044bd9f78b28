using System.Collections.Generic;

namespace ObjectQL.Generators.Parsing;

/// <summary>The 27 field types and the enum member each maps to.</summary>
internal static class FieldTypes
{
    public static readonly Dictionary<string, string> EnumMembers = new(System.StringComparer.Ordinal)
    {
        ["text"] = "Text", ["textarea"] = "Textarea", ["markdown"] = "Markdown", ["html"] = "Html", ["select"] = "Select",
        ["date"] = "Date", ["datetime"] = "DateTime", ["time"] = "Time", ["number"] = "Number", ["currency"] = "Currency",
        ["percent"] = "Percent", ["boolean"] = "Boolean", ["email"] = "Email", ["phone"] = "Phone", ["url"] = "Url",
        ["image"] = "Image", ["file"] = "File", ["location"] = "Location", ["lookup"] = "Lookup",
        ["master_detail"] = "MasterDetail", ["password"] = "Password", ["formula"] = "Formula", ["summary"] = "Summary",
        ["auto_number"] = "AutoNumber", ["object"] = "Object", ["vector"] = "Vector", ["grid"] = "Grid",
    };

    /// <summary>Formula result types (<c>data_type</c>) we can give a C# type.</summary>
    public static readonly HashSet<string> FormulaDataTypes = new(System.StringComparer.Ordinal)
    {
        "text", "number", "currency", "percent", "boolean", "date", "datetime", "time",
    };

    public static bool IsLookup(string type) => type == "lookup" || type == "master_detail";

    public static bool IsComputed(string type) => type == "formula" || type == "summary";
}
