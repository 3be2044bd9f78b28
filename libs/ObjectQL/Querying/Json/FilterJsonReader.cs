using System.Text.Json;
using ObjectQL.Metadata;

namespace ObjectQL.Querying.Json;

/// <summary>
/// Reads a filter in the object form (<c>{"age":{"$gte":18}}</c>) or the legacy array form
/// (<c>[["age","&gt;=",18],"and",["active","=",true]]</c>) into the canonical, normalized AST (docs/querying.md).
/// </summary>
public static class FilterJsonReader
{
    /// <summary>Reads a filter from JSON text; an empty object or array gives null (match everything).</summary>
    public static Filter? Read(string json, ObjectDefinition definition) => Read(JsonInput.Parse(json, "filter"), definition);

    /// <summary>Reads a filter from UTF-8 JSON.</summary>
    public static Filter? Read(ReadOnlySpan<byte> utf8Json, ObjectDefinition definition) => Read(JsonInput.Parse(utf8Json, "filter"), definition);

    /// <summary>Reads a filter from a JSON value; null and empty forms give null.</summary>
    /// <remarks>
    /// JSON deeper than <see cref="FilterLimits.MaxJsonDepth"/> is refused before it is read; text that is not valid
    /// UTF-16 (an unpaired surrogate escape) in a name or value is <see cref="ErrorCodes.InvalidRequest"/> too.
    /// </remarks>
    public static Filter? Read(JsonElement element, ObjectDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        FilterLimits.CheckJsonDepth(element);
        Filter? filter;
        try
        {
            filter = element.ValueKind switch
            {
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                JsonValueKind.Object when IsEmpty(element) => null,
                JsonValueKind.Array when element.GetArrayLength() == 0 => null,
                JsonValueKind.Object => ReadObject(element),
                JsonValueKind.Array => ReadArray(element),
                _ => throw JsonInput.Invalid($"A filter must be a JSON object or array, not {element.ValueKind}.", null, "invalid_filter"),
            };
        }
        catch (InvalidOperationException e)
        {
            // The reader only reads names and connective words as text; the kinds are checked first, so this is text
            // that is not valid UTF-16 (an escaped lone surrogate such as "\ud800").
            throw new ObjectQLException(ErrorCodes.InvalidRequest,
                "A field name or word in the filter is not valid Unicode text: it holds an unpaired UTF-16 surrogate.",
                [new ErrorDetail("where", "Text must be valid Unicode.", "invalid_text")], e);
        }
        return QueryNormalizer.NormalizeFilter(filter, definition);
    }

    private static bool IsEmpty(JsonElement element)
    {
        using var properties = element.EnumerateObject();
        return !properties.MoveNext();
    }

    private static Filter ReadAny(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => ReadObject(element),
        JsonValueKind.Array => ReadArray(element),
        _ => throw JsonInput.Invalid($"Expected a filter object or array, found {element.ValueKind}.", null, "invalid_filter"),
    };

    private static Filter ReadObject(JsonElement element)
    {
        var parts = new List<Filter>();
        foreach (var property in element.EnumerateObject())
        {
            switch (property.Name)
            {
                case "$and":
                    parts.Add(new Filter.And(ReadList(property)));
                    break;
                case "$or":
                    parts.Add(new Filter.Or(ReadList(property)));
                    break;
                case "$not":
                    parts.Add(new Filter.Not(ReadAny(property.Value)));
                    break;
                default:
                    if (property.Name.StartsWith('$'))
                    {
                        throw JsonInput.Invalid($"Unknown logical operator '{property.Name}'; use $and, $or or $not.", null, "unknown_operator");
                    }
                    parts.Add(ReadField(property.Name, property.Value));
                    break;
            }
        }
        return parts.Count == 1 ? parts[0] : new Filter.And(parts);
    }

    private static Filter[] ReadList(JsonProperty property)
    {
        if (property.Value.ValueKind != JsonValueKind.Array)
        {
            throw JsonInput.Invalid($"{property.Name} takes a list of filters.", null, "invalid_filter");
        }
        return property.Value.EnumerateArray().Select(ReadAny).ToArray();
    }

    private static Filter ReadField(string field, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return new Filter.Comparison(field, FilterOperator.Eq, value.Clone());
        }
        var parts = new List<Filter>();
        foreach (var property in value.EnumerateObject())
        {
            if (property.Name == "$not")
            {
                parts.Add(new Filter.Not(ReadField(field, property.Value)));
                continue;
            }
            var op = ObjectOperator(property.Name)
                ?? throw JsonInput.Invalid(
                    $"Unknown operator '{property.Name}' on field '{field}'. Known: $eq $ne $gt $gte $lt $lte $in $nin $contains $startsWith $endsWith $between $null $exists $not.",
                    field, "unknown_operator");
            parts.Add(new Filter.Comparison(field, op, property.Value.Clone()));
        }
        return parts.Count switch
        {
            0 => throw JsonInput.Invalid($"The condition on '{field}' has no operator.", field, "invalid_filter"),
            1 => parts[0],
            _ => new Filter.And(parts),
        };
    }

    private static FilterOperator? ObjectOperator(string name) => name switch
    {
        "$eq" => FilterOperator.Eq,
        "$ne" => FilterOperator.Ne,
        "$gt" => FilterOperator.Gt,
        "$gte" => FilterOperator.Gte,
        "$lt" => FilterOperator.Lt,
        "$lte" => FilterOperator.Lte,
        "$in" => FilterOperator.In,
        "$nin" => FilterOperator.Nin,
        "$contains" => FilterOperator.Contains,
        "$startsWith" => FilterOperator.StartsWith,
        "$endsWith" => FilterOperator.EndsWith,
        "$between" => FilterOperator.Between,
        "$null" => FilterOperator.Null,
        "$exists" or "$exist" => FilterOperator.Exists,
        _ => null,
    };

    // The legacy array form: conditions, nested groups and the words "and"/"or"; "and" binds tighter than "or".
    private static Filter ReadArray(JsonElement array)
    {
        if (IsCondition(array))
        {
            return ReadCondition(array);
        }
        var terms = new List<List<Filter>> { new() };
        var expectOperand = true;
        foreach (var item in array.EnumerateArray())
        {
            switch (item.ValueKind)
            {
                case JsonValueKind.String:
                    var word = item.GetString()!.Trim().ToLowerInvariant();
                    if (expectOperand)
                    {
                        throw JsonInput.Invalid($"'{word}' must stand between two conditions.", null, "invalid_filter");
                    }
                    if (word == "or")
                    {
                        terms.Add([]);
                    }
                    else if (word != "and")
                    {
                        throw JsonInput.Invalid($"Unknown connective '{word}'; use \"and\" or \"or\".", null, "unknown_operator");
                    }
                    expectOperand = true;
                    break;
                case JsonValueKind.Array:
                    terms[^1].Add(IsCondition(item) ? ReadCondition(item) : ReadArray(item));
                    expectOperand = false;
                    break;
                case JsonValueKind.Object:
                    terms[^1].Add(ReadObject(item));
                    expectOperand = false;
                    break;
                default:
                    throw JsonInput.Invalid($"A filter list holds conditions, groups and \"and\"/\"or\", not {item.ValueKind}.", null, "invalid_filter");
            }
        }
        if (expectOperand)
        {
            throw JsonInput.Invalid("A filter list may not end with a connective.", null, "invalid_filter");
        }
        var ored = terms.Select(static t => t.Count == 1 ? t[0] : new Filter.And(t)).ToArray();
        return ored.Length == 1 ? ored[0] : new Filter.Or(ored);
    }

    private static bool IsCondition(JsonElement array) =>
        array.GetArrayLength() == 3 && array[0].ValueKind == JsonValueKind.String && array[1].ValueKind == JsonValueKind.String;

    private static Filter ReadCondition(JsonElement condition)
    {
        var field = condition[0].GetString()!;
        var word = condition[1].GetString()!.Trim().ToLowerInvariant();
        var value = condition[2].Clone();
        var op = OperatorWords.Parse(word);
        if (op is not { } known)
        {
            throw JsonInput.Invalid($"Unknown operator '{word}' on field '{field}'.", field, "unknown_operator");
        }
        Filter comparison = new Filter.Comparison(field, known.Operator, value);
        return known.Negate ? new Filter.Not(comparison) : comparison;
    }
}
