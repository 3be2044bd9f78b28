using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using ObjectQL.Querying;

namespace ObjectQL.AspNetCore.Rest;

/// <summary>
/// Reads request JSON (a body or a query parameter) into a self-contained element: bounded in size, JSON content types
/// only, duplicate members refused, and malformed text answered with the JSON path where it breaks.
/// </summary>
internal static class RequestJson
{
    // Room for a filter of FilterLimits.MaxJsonDepth inside an RPC envelope ({args: {filters: ...}}).
    private static readonly JsonDocumentOptions Options = new()
    {
        MaxDepth = FilterLimits.MaxJsonDepth + 4,
        AllowDuplicateProperties = false,
        CommentHandling = JsonCommentHandling.Disallow,
    };

    public static async Task<JsonElement> ReadBodyAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        // A JSON content type makes a cross-site browser request preflighted, so a form post cannot write through a cookie.
        if (!IsJson(request.ContentType))
        {
            throw new ObjectQLException(ErrorStatus.UnsupportedMediaType,
                $"The request body must be JSON with Content-Type application/json, not '{request.ContentType ?? "(none)"}'.",
                [new ErrorDetail("Content-Type", "Send Content-Type: application/json.", "unsupported_media_type")]);
        }
        if (request.ContentLength is { } declared && declared > maxBytes)
        {
            throw TooLarge(maxBytes);
        }
        var buffer = new ArrayBufferWriter<byte>(request.ContentLength is { } length and > 0 ? (int)length : 4096);
        while (true)
        {
            var memory = buffer.GetMemory(4096);
            var read = await request.Body.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }
            buffer.Advance(read);
            if (buffer.WrittenCount > maxBytes)
            {
                throw TooLarge(maxBytes);
            }
        }
        if (buffer.WrittenCount == 0)
        {
            throw ObjectQLException.InvalidRequest("The request has no body; send a JSON value.", "$", "missing_body");
        }
        return Parse(buffer.WrittenSpan, "$", "request body");
    }

    /// <summary>Parses <paramref name="utf8Json"/>; <paramref name="root"/> names it in errors (<c>$</c> for a body, the parameter otherwise).</summary>
    public static JsonElement Parse(ReadOnlySpan<byte> utf8Json, string root, string what)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8Json.ToArray(), Options);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            var path = PathOfError(utf8Json, root);
            var where = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : string.Empty;
            var message = $"The {what} is not valid JSON at {path}{where}: {FirstSentence(e.Message)}";
            throw new ObjectQLException(ErrorCodes.InvalidRequest, message, [new ErrorDetail(path, message, "malformed_json")]);
        }
    }

    private static ObjectQLException TooLarge(int maxBytes) =>
        new(ErrorCodes.PayloadTooLarge, $"The request body is larger than {maxBytes} bytes, the most this endpoint takes; send fewer records per request.",
            [new ErrorDetail("$", $"At most {maxBytes} bytes.", "max_request_bytes")]);

    private static bool IsJson(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }
        var media = contentType.AsSpan();
        var semicolon = media.IndexOf(';');
        media = (semicolon < 0 ? media : media[..semicolon]).Trim();
        return media.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" Path:", StringComparison.Ordinal);
        end = end < 0 ? message.IndexOf(" LineNumber:", StringComparison.Ordinal) : end;
        return (end < 0 ? message : message[..end]).Trim();
    }

    // Only on the error path: walks the text again, keeping the path to the current token, until it breaks.
    private static string PathOfError(ReadOnlySpan<byte> utf8Json, string root)
    {
        var frames = new List<Frame>();
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = Options.MaxDepth });
        try
        {
            while (reader.Read())
            {
                var top = frames.Count > 0 ? frames[^1] : null;
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        top!.Name = reader.GetString();
                        if (!top.Names!.Add(top.Name!))
                        {
                            return Render(frames, root);
                        }
                        continue;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        continue;
                }
                if (top is { Names: null })
                {
                    top.Index++;
                }
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    frames.Add(new Frame { Names = reader.TokenType == JsonTokenType.StartObject ? new HashSet<string>(StringComparer.Ordinal) : null });
                }
            }
        }
        catch (JsonException)
        {
            return Render(frames, root);
        }
        catch (InvalidOperationException)
        {
            return Render(frames, root);
        }
        return Render(frames, root);
    }

    private static string Render(List<Frame> frames, string root)
    {
        var path = new System.Text.StringBuilder(root);
        foreach (var frame in frames)
        {
            if (frame.Names is null && frame.Index >= 0)
            {
                path.Append('[').Append(frame.Index).Append(']');
            }
            else if (frame.Names is not null && frame.Name is not null)
            {
                path.Append('.').Append(frame.Name);
            }
        }
        return path.ToString();
    }

    private sealed class Frame
    {
        public HashSet<string>? Names { get; init; }
        public string? Name { get; set; }
        public int Index { get; set; } = -1;
    }
}
