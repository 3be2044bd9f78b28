using System.Text.Json;
using ObjectQL.Metadata;

namespace ObjectQL.Querying.Json;

/// <summary>
/// Reads <c>expand</c>: <c>{"owner": {"fields": [...], "filters": {...}, "expand": {...}}}</c>, where <c>{}</c> or
/// <c>true</c> expands with every field, or the short forms <c>["owner", "project"]</c> and <c>"owner,project"</c>.
/// Filters are read against the related object, so the model is needed.
/// </summary>
internal static class ExpandJsonReader
{
    public static IReadOnlyList<Expansion> Read(JsonElement value, ObjectDefinition definition, ObjectModel? model)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return [];
            case JsonValueKind.String:
                return [.. value.GetString()!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(static f => new Expansion(f))];
            case JsonValueKind.Array:
                return [.. value.EnumerateArray().Select(static e => e.ValueKind == JsonValueKind.String
                    ? new Expansion(e.GetString()!)
                    : throw JsonInput.Invalid("expand must list reference field names or map them to {fields, filters, expand}.", "expand", "invalid_expand"))];
            case JsonValueKind.Object:
                var expansions = new List<Expansion>();
                foreach (var property in value.EnumerateObject())
                {
                    expansions.Add(ReadOne(property.Name, property.Value, definition, model));
                }
                return expansions;
            default:
                throw JsonInput.Invalid("expand must be an object, a list of field names or a comma-separated text.", "expand", "invalid_expand");
        }
    }

    private static Expansion ReadOne(string field, JsonElement value, ObjectDefinition definition, ObjectModel? model)
    {
        if (value.ValueKind is JsonValueKind.True)
        {
            return new Expansion(field);
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw JsonInput.Invalid($"expand.{field} must be an object {{fields, filters, expand}} or true.", field, "invalid_expand");
        }
        var target = Target(field, definition, model);
        var expansion = new Expansion(field);
        foreach (var property in value.EnumerateObject())
        {
            switch (property.Name)
            {
                case "fields" or "select":
                    expansion = expansion with { Fields = Names(property.Value, field) };
                    break;
                case "filters" or "filter" or "where":
                    expansion = expansion with { Where = FilterJsonReader.Read(property.Value, target) };
                    break;
                case "expand":
                    expansion = expansion with { Expand = Read(property.Value, target, model) };
                    break;
                default:
                    throw JsonInput.Invalid($"Unknown key '{property.Name}' in expand.{field}. Known: fields, filters, expand.", field, "invalid_expand");
            }
        }
        return expansion;
    }

    // The related object of field; its filters and nested expansions are read against it.
    private static ObjectDefinition Target(string field, ObjectDefinition definition, ObjectModel? model)
    {
        var reference = definition.GetField(field);
        if (reference.Type is not (FieldType.Lookup or FieldType.MasterDetail) || reference.ReferenceTo is null)
        {
            throw JsonInput.Invalid($"Field '{field}' of '{definition.Name}' is not a lookup or master_detail, so it cannot be expanded.", field, "invalid_expand");
        }
        if (model?.Find(reference.ReferenceTo) is not { } target)
        {
            throw JsonInput.Invalid(
                model is null
                    ? $"expand.{field} with fields, filters or expand needs the model: read the query with QueryJsonReader.Read(json, definition, model)."
                    : $"Field '{field}' of '{definition.Name}' refers to '{reference.ReferenceTo}', which is not an object of this model.",
                field, "invalid_expand");
        }
        return target;
    }

    private static string[] Names(JsonElement value, string field) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        JsonValueKind.Array => [.. value.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String
            ? e.GetString()!
            : throw JsonInput.Invalid($"expand.{field}.fields must list field names.", field, "invalid_expand"))],
        _ => throw JsonInput.Invalid($"expand.{field}.fields must be a list of field names.", field, "invalid_expand"),
    };
}
