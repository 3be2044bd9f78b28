using System.Text.Json;
using System.Text.Json.Serialization;

namespace ObjectQL;

/// <summary>Reads and writes <see cref="ErrorBody"/> (camelCase, source-generated, no reflection).</summary>
public static class ErrorJson
{
    private static readonly ErrorJsonContext Indented = new(new JsonSerializerOptions(ErrorJsonContext.Default.Options)
    {
        WriteIndented = true,
        IndentSize = 2,
        NewLine = "\n",
    });

    /// <summary>Writes an error body as indented JSON (two spaces, LF), the form of golden files.</summary>
    public static string WriteIndented(ErrorBody body) => JsonSerializer.Serialize(body, Indented.ErrorBody);

    /// <summary>Writes an error body as compact UTF-8 JSON.</summary>
    public static byte[] Write(ErrorBody body) => JsonSerializer.SerializeToUtf8Bytes(body, ErrorJsonContext.Default.ErrorBody);

    /// <summary>Reads an error body; a body that is not one is an <see cref="ErrorCodes.InvalidRequest"/> error.</summary>
    public static ErrorBody Read(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            var body = JsonSerializer.Deserialize(utf8Json, ErrorJsonContext.Default.ErrorBody);
            if (body?.Error is not { Code.Length: > 0, Message: not null })
            {
                throw ObjectQLException.InvalidRequest("An error body carries error.code and error.message.", "$.error", "required");
            }
            return body;
        }
        catch (JsonException e)
        {
            throw new ObjectQLException(ErrorCodes.InvalidRequest, $"The error body is not valid JSON at '{e.Path ?? "$"}'.",
                [new ErrorDetail(e.Path ?? "$", "The error body is not valid.", "invalid_value")], e);
        }
    }
}

/// <summary>The source-generated JSON context of <see cref="ErrorBody"/>.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectRequiredConstructorParameters = true,
    AllowDuplicateProperties = false)]
[JsonSerializable(typeof(ErrorBody))]
public sealed partial class ErrorJsonContext : JsonSerializerContext;
