using System.Text.Json;
using System.Text.Json.Serialization;

namespace ObjectQL;

/// <summary>
/// The body of every 4xx/5xx answer of an ObjectQL HTTP endpoint (REST and sync): <c>{"error":{"code","message","details"}}</c>.
/// Read and write it with <see cref="ErrorJson"/>.
/// </summary>
/// <param name="Error">The error.</param>
public sealed record ErrorBody(ErrorInfo Error)
{
    /// <summary>The body for an exception; <paramref name="extensions"/> adds endpoint-specific members next to <c>details</c>.</summary>
    public static ErrorBody From(ObjectQLException exception, IReadOnlyDictionary<string, JsonElement>? extensions = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new ErrorBody(new ErrorInfo
        {
            Code = exception.Code,
            Message = exception.Message,
            Details = exception.Details.Count == 0 ? null : exception.Details,
            Extensions = extensions is null ? null : new Dictionary<string, JsonElement>(extensions, StringComparer.Ordinal),
        });
    }
}

/// <summary>An error that refused a whole request; nothing was applied.</summary>
public sealed record ErrorInfo
{
    /// <summary>The error code (<see cref="ErrorCodes"/>, or an endpoint's own codes).</summary>
    public required string Code { get; init; }

    /// <summary>What was wrong and what to do.</summary>
    public required string Message { get; init; }

    /// <summary>The offending fields.</summary>
    public IReadOnlyList<ErrorDetail>? Details { get; init; }

    /// <summary>
    /// Members an endpoint adds after <c>details</c>, such as the sync endpoint's <c>supportedVersions</c>; a reader keeps
    /// members it does not know here, so an older client still reads a newer server's errors.
    /// </summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extensions { get; set; }
}
