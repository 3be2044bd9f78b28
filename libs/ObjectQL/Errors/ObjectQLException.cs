namespace ObjectQL;

/// <summary>
/// The one exception type ObjectQL throws for anything a caller can cause or fix.
/// <see cref="Code"/> is one of <see cref="ErrorCodes"/>; <see cref="Details"/> names the offending fields.
/// </summary>
public sealed class ObjectQLException : Exception
{
    /// <summary>Creates an exception with a code, a message and optional details.</summary>
    public ObjectQLException(string code, string message, IReadOnlyList<ErrorDetail>? details = null, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
        Details = details ?? [];
    }

    /// <summary>One of <see cref="ErrorCodes"/>.</summary>
    public string Code { get; }

    /// <summary>The fields and reasons behind the error; empty when the message says it all.</summary>
    public IReadOnlyList<ErrorDetail> Details { get; }

    /// <summary>The first field named by <see cref="Details"/>, if any.</summary>
    public string? Field => Details.Count > 0 ? Details[0].Field : null;

    /// <summary>An <see cref="ErrorCodes.InvalidRequest"/> error about one field.</summary>
    public static ObjectQLException InvalidRequest(string message, string? field = null, string? reason = null) =>
        new(ErrorCodes.InvalidRequest, message, field is null && reason is null ? null : [new ErrorDetail(field, message, reason)]);

    /// <summary>
    /// The <see cref="ErrorCodes.Conflict"/> error of a unique violation on <paramref name="fields"/> of
    /// <paramref name="objectName"/>, each named with reason <c>unique</c>: the one answer of every driver and path.
    /// </summary>
    public static ObjectQLException UniqueConflict(string objectName, IReadOnlyList<string> fields, Exception? inner = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var message = fields is [Metadata.SystemFields.Id]
            ? $"A record of '{objectName}' with this id already exists."
            : $"Another record of '{objectName}' already has this value of {string.Join(", ", fields)}; it must be unique.";
        return new ObjectQLException(ErrorCodes.Conflict, message, fields.Select(f => new ErrorDetail(f, message, "unique")).ToArray(), inner);
    }

    /// <summary>A <see cref="ErrorCodes.NotFound"/> error.</summary>
    public static ObjectQLException NotFound(string message) => new(ErrorCodes.NotFound, message);
}
