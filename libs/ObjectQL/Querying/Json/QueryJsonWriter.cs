using System.Text;
using System.Text.Json;
using ObjectQL.Values;

namespace ObjectQL.Querying.Json;

/// <summary>
/// Writes a <see cref="Query"/> as canonical JSON: <c>where</c> in the object form with explicit operators, then
/// <c>fields</c>, <c>orderBy</c> (<c>[{"field","order"}]</c>), <c>limit</c>, <c>offset</c>, <c>groupBy</c>,
/// <c>aggregations</c>, <c>distinct</c> and <c>expand</c>, leaving out what is unset. <see cref="QueryJsonReader"/> reads it back to an equal query.
/// </summary>
public static class QueryJsonWriter
{
    /// <summary>The query as a JSON string.</summary>
    public static string Write(Query query)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, query);
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Writes the query to <paramref name="writer"/>.</summary>
    public static void Write(Utf8JsonWriter writer, Query query)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(query);
        writer.WriteStartObject();
        if (query.Where is { } where)
        {
            writer.WritePropertyName("where");
            WriteFilter(writer, where);
        }
        if (query.Fields is { } fields)
        {
            writer.WriteStartArray("fields");
            foreach (var field in fields)
            {
                writer.WriteStringValue(field);
            }
            writer.WriteEndArray();
        }
        if (query.OrderBy.Count > 0)
        {
            writer.WriteStartArray("orderBy");
            foreach (var sort in query.OrderBy)
            {
                writer.WriteStartObject();
                writer.WriteString("field", sort.Field);
                writer.WriteString("order", sort.Direction == SortDirection.Ascending ? "asc" : "desc");
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        if (query.Limit is { } limit)
        {
            writer.WriteNumber("limit", limit);
        }
        if (query.Offset is { } offset)
        {
            writer.WriteNumber("offset", offset);
        }
        if (query.GroupBy.Count > 0)
        {
            writer.WriteStartArray("groupBy");
            foreach (var field in query.GroupBy)
            {
                writer.WriteStringValue(field);
            }
            writer.WriteEndArray();
        }
        if (query.Aggregations.Count > 0)
        {
            writer.WriteStartArray("aggregations");
            foreach (var aggregation in query.Aggregations)
            {
                writer.WriteStartObject();
                writer.WriteString("function", aggregation.Function.ToString().ToLowerInvariant());
                if (aggregation.Field is not null)
                {
                    writer.WriteString("field", aggregation.Field);
                }
                writer.WriteString("alias", aggregation.Alias);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        if (query.Distinct)
        {
            writer.WriteBoolean("distinct", true);
        }
        if (query.Expand.Count > 0)
        {
            writer.WritePropertyName("expand");
            WriteExpand(writer, query.Expand);
        }
        writer.WriteEndObject();
    }

    // {"field": {"fields": [...], "where": {...}, "expand": {...}}}, leaving out what is unset.
    private static void WriteExpand(Utf8JsonWriter writer, IReadOnlyList<Expansion> expansions)
    {
        writer.WriteStartObject();
        foreach (var expansion in expansions)
        {
            writer.WriteStartObject(expansion.Field);
            if (expansion.Fields is { } fields)
            {
                writer.WriteStartArray("fields");
                foreach (var field in fields)
                {
                    writer.WriteStringValue(field);
                }
                writer.WriteEndArray();
            }
            if (expansion.Where is { } where)
            {
                writer.WritePropertyName("where");
                WriteFilter(writer, where);
            }
            if (expansion.Expand.Count > 0)
            {
                writer.WritePropertyName("expand");
                WriteExpand(writer, expansion.Expand);
            }
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    /// <summary>Writes a filter in the canonical object form.</summary>
    public static void WriteFilter(Utf8JsonWriter writer, Filter filter)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(filter);
        writer.WriteStartObject();
        switch (filter)
        {
            case Filter.Comparison comparison:
                writer.WritePropertyName(comparison.Field);
                writer.WriteStartObject();
                writer.WritePropertyName(QueryNormalizer.OperatorName(comparison.Operator));
                CanonicalValues.WriteJson(writer, comparison.Value);
                writer.WriteEndObject();
                break;
            case Filter.And and:
                WriteList(writer, "$and", and.Operands);
                break;
            case Filter.Or or:
                WriteList(writer, "$or", or.Operands);
                break;
            case Filter.Not not:
                writer.WritePropertyName("$not");
                WriteFilter(writer, not.Operand);
                break;
        }
        writer.WriteEndObject();
    }

    private static void WriteList(Utf8JsonWriter writer, string name, IReadOnlyList<Filter> operands)
    {
        writer.WriteStartArray(name);
        foreach (var operand in operands)
        {
            WriteFilter(writer, operand);
        }
        writer.WriteEndArray();
    }
}
