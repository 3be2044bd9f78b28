namespace ObjectQL;

/// <summary>The error codes an <see cref="ObjectQLException"/> carries; the same strings travel on the wire.</summary>
public static class ErrorCodes
{
    /// <summary>The request is malformed: bad filter, unknown field or object, wrong value type.</summary>
    public const string InvalidRequest = "INVALID_REQUEST";
    /// <summary>A value or record failed validation.</summary>
    public const string ValidationError = "VALIDATION_ERROR";
    /// <summary>No authenticated principal.</summary>
    public const string Unauthorized = "UNAUTHORIZED";
    /// <summary>The principal may not do this.</summary>
    public const string Forbidden = "FORBIDDEN";
    /// <summary>The object or record does not exist.</summary>
    public const string NotFound = "NOT_FOUND";
    /// <summary>A uniqueness or version conflict.</summary>
    public const string Conflict = "CONFLICT";
    /// <summary>The caller sent too many requests.</summary>
    public const string RateLimitExceeded = "RATE_LIMIT_EXCEEDED";
    /// <summary>The request body is larger than allowed.</summary>
    public const string PayloadTooLarge = "PAYLOAD_TOO_LARGE";
    /// <summary>The driver cannot do what was asked.</summary>
    public const string DriverUnsupportedOperation = "DRIVER_UNSUPPORTED_OPERATION";
    /// <summary>The database failed for a reason that is not the caller's input.</summary>
    public const string DatabaseError = "DATABASE_ERROR";
    /// <summary>A defect inside ObjectQL.</summary>
    public const string InternalError = "INTERNAL_ERROR";
}
