using ObjectQL.Metadata;

namespace ObjectQL.Sql;

/// <summary>The metadata spelling of each field type, for messages.</summary>
internal static class FieldTypeNames
{
    public static string Of(FieldType type) => type switch
    {
        FieldType.Text => "text",
        FieldType.Textarea => "textarea",
        FieldType.Markdown => "markdown",
        FieldType.Html => "html",
        FieldType.Select => "select",
        FieldType.Date => "date",
        FieldType.DateTime => "datetime",
        FieldType.Time => "time",
        FieldType.Number => "number",
        FieldType.Currency => "currency",
        FieldType.Percent => "percent",
        FieldType.Boolean => "boolean",
        FieldType.Email => "email",
        FieldType.Phone => "phone",
        FieldType.Url => "url",
        FieldType.Image => "image",
        FieldType.File => "file",
        FieldType.Location => "location",
        FieldType.Lookup => "lookup",
        FieldType.MasterDetail => "master_detail",
        FieldType.Password => "password",
        FieldType.Formula => "formula",
        FieldType.Summary => "summary",
        FieldType.AutoNumber => "auto_number",
        FieldType.Object => "object",
        FieldType.Vector => "vector",
        FieldType.Grid => "grid",
        _ => type.ToString(),
    };
}
