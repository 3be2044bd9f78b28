using System.Text.Json;

namespace ObjectQL.Querying.Json;

/// <summary>
/// Reads every sort form: <c>[{"field":"age","order":"desc"}]</c>, <c>[["age","desc"]]</c>, <c>["-age"]</c>,
/// <c>"-age,name"</c> and <c>{"age":-1}</c>.
/// </summary>
public static class SortJsonReader
{
    /// <summary>The sort specs; field names are checked when the query is normalized.</summary>
    public static IReadOnlyList<SortSpec> Read(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Null:
                return [];
            case JsonValueKind.String:
                return element.GetString()!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseToken).ToArray();
            case JsonValueKind.Array:
                return element.EnumerateArray().Select(ReadItem).ToArray();
            case JsonValueKind.Object:
                if (element.TryGetProperty("field", out var field) && field.ValueKind == JsonValueKind.String)
                {
                    return [ReadItem(element)];
                }
                return element.EnumerateObject().Select(static p => new SortSpec(p.Name, Direction(p.Value, p.Name))).ToArray();
            default:
                throw JsonInput.Invalid($"A sort must be a string, list or object, not {element.ValueKind}.", null, "invalid_sort");
        }
    }

    private static SortSpec ReadItem(JsonElement item)
    {
        switch (item.ValueKind)
        {
            case JsonValueKind.String:
                return ParseToken(item.GetString()!);
            case JsonValueKind.Array when item.GetArrayLength() is 1 or 2 && item[0].ValueKind == JsonValueKind.String:
                var name = item[0].GetString()!;
                return new SortSpec(name, item.GetArrayLength() == 2 ? Direction(item[1], name) : SortDirection.Ascending);
            case JsonValueKind.Object when item.TryGetProperty("field", out var field) && field.ValueKind == JsonValueKind.String:
                var fieldName = field.GetString()!;
                foreach (var property in item.EnumerateObject())
                {
                    if (property.Name is not ("field" or "order" or "direction"))
                    {
                        throw JsonInput.Invalid($"Unknown sort key '{property.Name}'.", fieldName, "invalid_sort");
                    }
                }
                var order = item.TryGetProperty("order", out var o) ? o : item.TryGetProperty("direction", out var d) ? d : default;
                return new SortSpec(fieldName, order.ValueKind == JsonValueKind.Undefined ? SortDirection.Ascending : Direction(order, fieldName));
            default:
                throw JsonInput.Invalid("A sort entry must be \"field\", \"-field\", [field, order] or {field, order}.", null, "invalid_sort");
        }
    }

    private static SortSpec ParseToken(string token)
    {
        token = token.Trim();
        var parts = token.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 2)
        {
            return new SortSpec(parts[0], Direction(parts[1], parts[0]));
        }
        if (token.StartsWith('-'))
        {
            return new SortSpec(token[1..], SortDirection.Descending);
        }
        return new SortSpec(token.TrimStart('+'), SortDirection.Ascending);
    }

    private static SortDirection Direction(JsonElement value, string field) => value.ValueKind switch
    {
        JsonValueKind.String => Direction(value.GetString()!, field),
        JsonValueKind.Number when value.TryGetInt32(out var n) && n is 1 or -1 => n == 1 ? SortDirection.Ascending : SortDirection.Descending,
        _ => throw JsonInput.Invalid($"Unknown sort order for '{field}'; use asc, desc, 1 or -1.", field, "invalid_sort"),
    };

    private static SortDirection Direction(string value, string field) => value.Trim().ToLowerInvariant() switch
    {
        "asc" or "ascending" or "1" => SortDirection.Ascending,
        "desc" or "descending" or "-1" => SortDirection.Descending,
        _ => throw JsonInput.Invalid($"Unknown sort order '{value}' for '{field}'; use asc, desc, 1 or -1.", field, "invalid_sort"),
    };
}
