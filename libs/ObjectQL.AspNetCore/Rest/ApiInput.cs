using System.Text.Json;
using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Querying.Json;

namespace ObjectQL.AspNetCore.Rest;

/// <summary>
/// Turns request JSON into what the pipeline takes. Values stay JSON elements here: the pipeline converts each by its
/// field's type (exact numbers, strict dates), refuses unknown fields naming them, and writes nothing when one fails.
/// </summary>
internal static class ApiInput
{
    /// <summary>A JSON object of field values as a record; <c>@type</c>, when it names this object, is dropped.</summary>
    public static Record ToRecord(JsonElement value, ObjectDefinition definition, string path)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw ObjectQLException.InvalidRequest($"{path} must be a JSON object of field values, not {Describe(value)}.", path, "invalid_body");
        }
        var record = new Record();
        foreach (var member in value.EnumerateObject())
        {
            if (member.Name == ApiResponse.TypeMember)
            {
                if (member.Value.ValueKind == JsonValueKind.String && member.Value.ValueEquals(definition.Name))
                {
                    continue;
                }
                throw ObjectQLException.InvalidRequest($"{path}.@type names another object than '{definition.Name}'.", $"{path}.@type", "invalid_value");
            }
            record[member.Name] = member.Value;
        }
        return record;
    }

    /// <summary>A JSON array of records (a create-many body).</summary>
    public static Record[] ToRecords(JsonElement value, ObjectDefinition definition, string path)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw ObjectQLException.InvalidRequest($"{path} must be a JSON array of records, not {Describe(value)}.", path, "invalid_body");
        }
        var records = new Record[value.GetArrayLength()];
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            records[index] = ToRecord(item, definition, $"{path}[{index}]");
            index++;
        }
        return records;
    }

    /// <summary>A record id given in JSON: a non-empty string.</summary>
    public static string Id(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } id
            ? id
            : throw ObjectQLException.InvalidRequest($"{path} must be the record id as a non-empty string, not {Describe(value)}.", path, "invalid_id");

    /// <summary>A filter in any JSON form (object, legacy array); <c>{}</c> matches every record.</summary>
    public static Filter? Filter(JsonElement value, ObjectDefinition definition) => FilterJsonReader.Read(value, definition);

    /// <summary>
    /// The members of a JSON object argument, checked against the names it may carry; a missing required one or an
    /// unknown one is refused naming it.
    /// </summary>
    public static Dictionary<string, JsonElement> Members(JsonElement value, string path, string[] allowed, params string[] required)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw ObjectQLException.InvalidRequest($"{path} must be a JSON object with {string.Join(", ", allowed)}, not {Describe(value)}.", path, "invalid_body");
        }
        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var member in value.EnumerateObject())
        {
            if (Array.IndexOf(allowed, member.Name) < 0)
            {
                throw ObjectQLException.InvalidRequest(
                    $"Unknown member '{member.Name}' in {path}; it takes {string.Join(", ", allowed)}.", $"{path}.{member.Name}", "unknown_key");
            }
            members[member.Name] = member.Value;
        }
        foreach (var name in required)
        {
            if (!members.ContainsKey(name))
            {
                throw ObjectQLException.InvalidRequest($"{path} needs '{name}'.", $"{path}.{name}", "required");
            }
        }
        return members;
    }

    /// <summary>The filter of a bulk call: <c>filters</c> (or <c>filter</c>) is required, so nothing changes every record by omission.</summary>
    public static Filter? BulkFilter(Dictionary<string, JsonElement> members, ObjectDefinition definition, string path)
    {
        var hasFilters = members.TryGetValue("filters", out var filters);
        var hasFilter = members.TryGetValue("filter", out var filter);
        if (hasFilters == hasFilter)
        {
            throw ObjectQLException.InvalidRequest(
                $"{path} needs exactly one of 'filters' or 'filter'; send {{}} to match every record.", $"{path}.filters", hasFilters ? "duplicate_key" : "required");
        }
        return Filter(hasFilters ? filters : filter, definition);
    }

    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
