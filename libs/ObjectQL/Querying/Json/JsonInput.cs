using System.Text;
using System.Text.Json;

namespace ObjectQL.Querying.Json;

/// <summary>Parses JSON text for the readers, turning malformed input into <see cref="ErrorCodes.InvalidRequest"/>.</summary>
internal static class JsonInput
{
    // Room for a filter of FilterLimits.MaxJsonDepth inside a query object; the filter reader checks its own part.
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = FilterLimits.MaxJsonDepth + 2, CommentHandling = JsonCommentHandling.Disallow };

    public static JsonElement Parse(ReadOnlySpan<byte> utf8Json, string what)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = Options.MaxDepth });
        try
        {
            using var document = JsonDocument.ParseValue(ref reader);
            if (reader.Read())
            {
                throw ObjectQLException.InvalidRequest($"The {what} JSON has content after its end.", null, "malformed_json");
            }
            return document.RootElement.Clone();
        }
        catch (JsonException) when (TooDeep(utf8Json))
        {
            throw FilterLimits.TooDeep();
        }
        catch (JsonException e)
        {
            throw new ObjectQLException(ErrorCodes.InvalidRequest, $"The {what} is not valid JSON: {e.Message}",
                [new ErrorDetail(null, e.Message, "malformed_json")], e);
        }
    }

    // Only on the error path: whether the text is well-formed up to the point where it nests deeper than allowed.
    private static bool TooDeep(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = int.MaxValue });
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth >= Options.MaxDepth)
                {
                    return true;
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }
        return false;
    }

    public static JsonElement Parse(string json, string what)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(Encoding.UTF8.GetBytes(json), what);
    }

    public static ObjectQLException Invalid(string message, string? field = null, string reason = "invalid_request") =>
        ObjectQLException.InvalidRequest(message, field, reason);
}
