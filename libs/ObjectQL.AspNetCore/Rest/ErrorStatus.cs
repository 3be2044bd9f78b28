using Microsoft.AspNetCore.Http;

namespace ObjectQL.AspNetCore.Rest;

/// <summary>The HTTP status of each error code, the reference's map (docs/rest-api.md, "Errors").</summary>
internal static class ErrorStatus
{
    public static int For(string code) => code switch
    {
        ErrorCodes.InvalidRequest or ErrorCodes.ValidationError or ErrorCodes.DriverUnsupportedOperation => StatusCodes.Status400BadRequest,
        ErrorCodes.Unauthorized => StatusCodes.Status401Unauthorized,
        ErrorCodes.Forbidden => StatusCodes.Status403Forbidden,
        ErrorCodes.NotFound => StatusCodes.Status404NotFound,
        ErrorCodes.Conflict => StatusCodes.Status409Conflict,
        ErrorCodes.PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        ErrorCodes.RateLimitExceeded => StatusCodes.Status429TooManyRequests,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>The code of a body whose Content-Type is not JSON (415).</summary>
    public const string UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE";
}
