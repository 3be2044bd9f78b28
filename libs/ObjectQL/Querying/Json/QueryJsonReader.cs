using System.Text.Json;
using ObjectQL.Metadata;

namespace ObjectQL.Querying.Json;

/// <summary>
/// Reads a query in any user-facing JSON form (canonical keys or the aliases <c>filters</c>/<c>sort</c>/<c>top</c>/<c>skip</c>,
/// docs/querying.md) into the canonical, normalized <see cref="Query"/>. Unknown keys are errors.
/// </summary>
public static class QueryJsonReader
{
    /// <summary>Reads a query from JSON text.</summary>
    public static Query Read(string json, ObjectDefinition definition) => Read(JsonInput.Parse(json, "query"), definition);

    /// <summary>Reads a query from UTF-8 JSON.</summary>
    public static Query Read(ReadOnlySpan<byte> utf8Json, ObjectDefinition definition) => Read(JsonInput.Parse(utf8Json, "query"), definition);

    /// <summary>Reads a query from a JSON object.</summary>
    /// <remarks>An <c>expand</c> with its own fields, filters or expansions needs the related objects: use the overload taking the model.</remarks>
    public static Query Read(JsonElement element, ObjectDefinition definition) => Read(element, definition, null);

    /// <summary>Reads a query from JSON text; <paramref name="model"/> resolves the objects an <c>expand</c> reaches.</summary>
    public static Query Read(string json, ObjectDefinition definition, ObjectModel? model) => Read(JsonInput.Parse(json, "query"), definition, model);

    /// <summary>Reads a query from a JSON object; <paramref name="model"/> resolves the objects an <c>expand</c> reaches.</summary>
    public static Query Read(JsonElement element, ObjectDefinition definition, ObjectModel? model)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw JsonInput.Invalid($"A query must be a JSON object, not {element.ValueKind}.", null, "invalid_query");
        }
        var query = new Query();
        int? limit = null;
        int? top = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var key = Canonical(property.Name);
            if (!seen.Add(key == "limit" && property.Name == "top" ? "top" : key))
            {
                throw JsonInput.Invalid($"The query gives '{key}' twice (through '{property.Name}').", property.Name, "duplicate_key");
            }
            var value = property.Value;
            switch (key)
            {
                case "where":
                    query = query with { Where = FilterJsonReader.Read(value, definition) };
                    break;
                case "fields":
                    query = query with { Fields = Names(value, property.Name) };
                    break;
                case "orderBy":
                    query = query with { OrderBy = SortJsonReader.Read(value) };
                    break;
                case "limit":
                    if (property.Name == "top")
                    {
                        top = Count(value, property.Name);
                    }
                    else
                    {
                        limit = Count(value, property.Name);
                    }
                    break;
                case "offset":
                    query = query with { Offset = Count(value, property.Name) };
                    break;
                case "groupBy":
                    query = query with { GroupBy = Names(value, property.Name) ?? [] };
                    break;
                case "aggregations":
                    query = query with { Aggregations = Aggregations(value) };
                    break;
                case "distinct":
                    query = query with
                    {
                        Distinct = value.ValueKind switch
                        {
                            JsonValueKind.True => true,
                            JsonValueKind.False => false,
                            _ => throw JsonInput.Invalid("distinct must be true or false.", "distinct", "invalid_value"),
                        },
                    };
                    break;
                case "expand":
                    query = query with { Expand = ExpandJsonReader.Read(value, definition, model) };
                    break;
                default:
                    throw JsonInput.Invalid(
                        $"Unknown query key '{property.Name}'. Known: where/filters, fields, orderBy/sort, limit/top, offset/skip, groupBy, aggregations/aggregate, distinct, expand.",
                        property.Name, "unknown_key");
            }
        }
        return QueryNormalizer.Normalize(query with { Limit = top ?? limit }, definition);
    }

    private static string Canonical(string key) => key switch
    {
        "filters" or "filter" => "where",
        "select" => "fields",
        "sort" => "orderBy",
        "top" => "limit",
        "skip" => "offset",
        "aggregate" => "aggregations",
        _ => key,
    };

    private static int? Count(JsonElement value, string key) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.Number when value.TryGetInt32(out var n) && n >= 0 => n,
        _ => throw JsonInput.Invalid($"{key} must be a whole number of zero or more.", key, "invalid_value"),
    };

    private static string[]? Names(JsonElement value, string key) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => value.GetString()!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        JsonValueKind.Array => value.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String
            ? e.GetString()!
            : throw JsonInput.Invalid($"{key} must list field names.", key, "invalid_value")).ToArray(),
        _ => throw JsonInput.Invalid($"{key} must be a list of field names.", key, "invalid_value"),
    };

    private static Aggregation[] Aggregations(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw JsonInput.Invalid("aggregations must be a list of {function, field, alias}.", "aggregations", "invalid_aggregation");
        }
        return value.EnumerateArray().Select(static item =>
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw JsonInput.Invalid("Each aggregation must be an object {function, field, alias}.", "aggregations", "invalid_aggregation");
            }
            string? function = null, field = null, alias = null;
            foreach (var property in item.EnumerateObject())
            {
                var text = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()
                    : property.Value.ValueKind == JsonValueKind.Null ? null
                    : throw JsonInput.Invalid($"Aggregation key '{property.Name}' must be text.", "aggregations", "invalid_aggregation");
                switch (property.Name)
                {
                    case "function" or "func":
                        function = text;
                        break;
                    case "field":
                        field = text;
                        break;
                    case "alias":
                        alias = text;
                        break;
                    default:
                        throw JsonInput.Invalid($"Unknown aggregation key '{property.Name}'.", "aggregations", "invalid_aggregation");
                }
            }
            var parsed = function?.ToLowerInvariant() switch
            {
                "count" => AggregateFunction.Count,
                "sum" => AggregateFunction.Sum,
                "avg" => AggregateFunction.Avg,
                "min" => AggregateFunction.Min,
                "max" => AggregateFunction.Max,
                _ => throw JsonInput.Invalid($"Unknown aggregate function '{function}'; use count, sum, avg, min or max.", field, "invalid_aggregation"),
            };
            return new Aggregation(parsed, field, alias ?? (field is null ? function!.ToLowerInvariant() : $"{function!.ToLowerInvariant()}_{field}"));
        }).ToArray();
    }
}
