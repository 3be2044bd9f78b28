using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ObjectQL.Sync.Protocol;

/// <summary>
/// Reads and writes the sync wire messages. Reading is strict: a missing required member, an unknown member,
/// a value of the wrong type, an unknown <c>status</c> or <c>operation</c>, or a semantic error
/// (see <see cref="SyncWireValidator"/>) throws an <see cref="ErrorCodes.InvalidRequest"/> error whose detail names the member.
/// </summary>
public static class SyncJson
{
    private static readonly SyncJsonContext Indented = new(new JsonSerializerOptions(SyncJsonContext.Default.Options)
    {
        WriteIndented = true,
        IndentSize = 2,
        NewLine = "\n",
    });

    /// <summary>The compact context used on the wire.</summary>
    public static SyncJsonContext Context => SyncJsonContext.Default;

    /// <summary>
    /// Reads and validates a push request. The mutations are counted before any is materialised, so a push over
    /// <paramref name="maxMutations"/> is refused (<see cref="ErrorCodes.PayloadTooLarge"/>) at the cost of one scan.
    /// </summary>
    public static SyncPushRequest ReadRequest(ReadOnlySpan<byte> utf8Json, int maxMutations = SyncLimits.DefaultMaxMutationsPerRequest)
    {
        RequireAtMost(utf8Json, maxMutations);
        return SyncWireValidator.Validate(Read(utf8Json, SyncJsonContext.Default.SyncPushRequest));
    }

    /// <summary>Reads and validates a push response; members this client does not know are skipped (section 3.8 of the RFC).</summary>
    public static SyncPushResponse ReadResponse(ReadOnlySpan<byte> utf8Json) =>
        SyncWireValidator.Validate(Read(utf8Json, SyncResponseJsonContext.Default.SyncPushResponse));

    /// <summary>Reads an error body (the core's <see cref="ErrorBody"/>; sync members through <see cref="SyncErrorBodies"/>).</summary>
    public static ErrorBody ReadError(ReadOnlySpan<byte> utf8Json) => ErrorJson.Read(utf8Json);

    /// <summary>
    /// Reads a push request from a stream of at most <see cref="SyncLimits.MaxRequestBytes"/> bytes and at most
    /// <see cref="SyncLimits.MaxMutationsPerRequest"/> mutations; larger ones are refused with <see cref="ErrorCodes.PayloadTooLarge"/>.
    /// </summary>
    public static async ValueTask<SyncPushRequest> ReadRequestAsync(Stream utf8Json, SyncLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        ArgumentNullException.ThrowIfNull(limits);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await utf8Json.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limits.MaxRequestBytes)
            {
                throw new ObjectQLException(ErrorCodes.PayloadTooLarge, $"The request body is larger than {limits.MaxRequestBytes} bytes.",
                    [new ErrorDetail("$", $"At most {limits.MaxRequestBytes} bytes.", "max_request_bytes")]);
            }
            buffer.Write(chunk, 0, read);
        }
        return ReadRequest(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), limits.MaxMutationsPerRequest);
    }

    /// <summary>Reads any wire message without the semantic checks of <see cref="SyncWireValidator"/> (for single messages such as one result or one change).</summary>
    public static T Read<T>(ReadOnlySpan<byte> utf8Json, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        try
        {
            return JsonSerializer.Deserialize(utf8Json, typeInfo)
                ?? throw ObjectQLException.InvalidRequest("The body is JSON null.", "$", "required");
        }
        catch (JsonException e)
        {
            throw Translate(e);
        }
        catch (NotSupportedException e) when (e.Message.Contains("type discriminator", StringComparison.Ordinal))
        {
            throw MissingStatus(e);
        }
    }

    /// <summary>Writes a message as compact UTF-8 JSON, the form sent on the wire.</summary>
    public static byte[] Write<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return value is SyncPushResponse response
            ? ResponseText.Of(response, (JsonTypeInfo<SyncPushResponse>)(object)typeInfo).ToArray()
            : JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
    }

    /// <summary>Writes a message as indented JSON (two spaces, LF), the form of the golden files in the repository.</summary>
    public static string WriteIndented<T>(T value)
    {
        var typeInfo = (JsonTypeInfo<T>)Indented.GetTypeInfo(typeof(T))!;
        return JsonSerializer.Serialize(value, typeInfo);
    }

    // Counts the elements of the top-level "mutations" array with a forward-only reader; nothing is allocated per mutation.
    // Malformed JSON is left for the deserializer, which reports it with its path.
    private static void RequireAtMost(ReadOnlySpan<byte> utf8Json, int maxMutations)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 64 });
        var count = 0;
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("mutations"u8))
                {
                    if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
                    {
                        return;
                    }
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (++count > maxMutations)
                        {
                            throw new ObjectQLException(ErrorCodes.PayloadTooLarge,
                                $"The push carries more than {maxMutations} mutations; send at most {maxMutations} per request.",
                                [new ErrorDetail("$.mutations", $"More than {maxMutations} mutations.", "max_mutations_per_request")]);
                        }
                        reader.Skip();
                    }
                    return;
                }
                if (reader.CurrentDepth >= 1 && reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            // The deserializer reports malformed JSON with its path.
        }
    }

    private static ObjectQLException Translate(JsonException e)
    {
        var path = string.IsNullOrEmpty(e.Path) ? "$" : e.Path;
        var (field, reason) = Describe(e.Message, path);
        var message = $"The sync message is not valid at '{field}': {FirstSentence(e.Message)}";
        return new ObjectQLException(ErrorCodes.InvalidRequest, message, [new ErrorDetail(field, message, reason)], e);
    }

    // A result without "status" surfaces as NotSupportedException; its path is only in the message.
    private static ObjectQLException MissingStatus(NotSupportedException e)
    {
        var start = e.Message.IndexOf(" Path: ", StringComparison.Ordinal);
        var end = start < 0 ? -1 : e.Message.IndexOf(" |", start, StringComparison.Ordinal);
        var path = end < 0 ? "$" : e.Message[(start + 7)..end];
        var field = Join(path, "status");
        var message = $"The sync message is not valid at '{field}': a result must say its status (applied, conflict or rejected).";
        return new ObjectQLException(ErrorCodes.InvalidRequest, message, [new ErrorDetail(field, message, "required")], e);
    }

    // System.Text.Json names missing and unknown members only in its message; lift the name into the detail's field.
    private static (string Field, string Reason) Describe(string message, string path)
    {
        if (message.Contains("missing required properties", StringComparison.Ordinal))
        {
            return (Join(path, QuotedAfter(message, "including:")), "required");
        }
        if (message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase))
        {
            return (path, "duplicate_member");
        }
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            return (path, "unknown_member");
        }
        if (message.Contains("type discriminator", StringComparison.Ordinal))
        {
            return (Join(path, "status"), "unknown_status");
        }
        if (message.Contains("null", StringComparison.OrdinalIgnoreCase) && message.Contains("allow", StringComparison.Ordinal))
        {
            return (path, "null_not_allowed");
        }
        return (path, "invalid_value");
    }

    private static string QuotedAfter(string message, string marker)
    {
        var start = message.IndexOf(marker, StringComparison.Ordinal);
        if (start < 0)
        {
            return string.Empty;
        }
        var open = message.IndexOf('\'', start);
        var close = open < 0 ? -1 : message.IndexOf('\'', open + 1);
        return close < 0 ? string.Empty : message[(open + 1)..close];
    }

    private static string Join(string path, string member) =>
        member.Length == 0 ? path : path == "$" ? "$." + member : path + "." + member;

    // System.Text.Json appends " Path: ... | LineNumber: ..."; the path already travels in the detail.
    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        return cut < 0 ? message : message[..cut];
    }
}
