using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Querying.Json;

namespace ObjectQL.AspNetCore.Rest;

/// <summary>
/// The query of a list request from its parameters (<c>filter</c>, <c>fields</c>, <c>sort</c>, <c>top</c>/<c>limit</c>,
/// <c>skip</c>/<c>offset</c>, <c>expand</c>), read by the core's query reader so REST, RPC and code share one grammar.
/// </summary>
internal static class ListQuery
{
    private static readonly string[] Known = ["filter", "filters", "fields", "select", "sort", "top", "limit", "skip", "offset", "expand"];

    /// <summary>The query; its limit is the page size asked for, or the default one, and never more than the maximum.</summary>
    public static Query Read(IQueryCollection parameters, ObjectDefinition definition, ObjectModel model, ObjectQLApiOptions options, params string[] allowed)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, values) in parameters)
            {
                if (Array.IndexOf(Known, name) < 0 || (allowed.Length > 0 && Array.IndexOf(allowed, name) < 0))
                {
                    var takes = allowed.Length > 0 ? allowed : Known;
                    throw ObjectQLException.InvalidRequest($"Unknown query parameter '{name}'; this route takes {string.Join(", ", takes)}.", name, "unknown_parameter");
                }
                if (values.Count != 1)
                {
                    throw ObjectQLException.InvalidRequest($"Query parameter '{name}' is given {values.Count} times; give it once.", name, "duplicate_parameter");
                }
                WriteParameter(writer, name, values[0] ?? string.Empty);
            }
            writer.WriteEndObject();
        }
        var query = QueryJsonReader.Read(RequestJson.Parse(buffer.WrittenSpan, "$", "query"), definition, model);
        return WithPageSize(query, options, parameters.ContainsKey("top") ? "top" : "limit");
    }

    /// <summary>Applies the default page size and refuses one above the maximum.</summary>
    public static Query WithPageSize(Query query, ObjectQLApiOptions options, string parameter)
    {
        if (query.Limit is null)
        {
            return query with { Limit = options.DefaultPageSize };
        }
        if (query.Limit > options.MaxPageSize)
        {
            throw ObjectQLException.InvalidRequest(
                $"{parameter} is {query.Limit}, more than the {options.MaxPageSize} records a page may hold; page with skip.", parameter, "max_page_size");
        }
        return query;
    }

    private static void WriteParameter(Utf8JsonWriter writer, string name, string text)
    {
        writer.WritePropertyName(name);
        switch (name)
        {
            case "filter" or "filters":
                Json(text, name).WriteTo(writer);
                break;
            case "sort" or "fields" or "select" or "expand":
                // The JSON forms ([...], {...}) or the plain text forms ("-age,name", "owner,project").
                if (text.TrimStart() is ['[' or '{', ..])
                {
                    Json(text, name).WriteTo(writer);
                }
                else
                {
                    writer.WriteStringValue(text);
                }
                break;
            default:
                writer.WriteNumberValue(int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                    ? count
                    : throw ObjectQLException.InvalidRequest($"{name} must be a whole number of zero or more, not '{text}'.", name, "invalid_value"));
                break;
        }
    }

    private static JsonElement Json(string text, string name) => RequestJson.Parse(Encoding.UTF8.GetBytes(text), name, $"'{name}' parameter");
}
