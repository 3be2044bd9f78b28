namespace ObjectQL.Cloudflare.D1;

/// <summary>
/// A request D1 refused: the envelope's first error (code 7500 with SQLite's message for SQL errors) and the HTTP
/// status. The executor classifies it like every SQLite store's error (<see cref="D1Executor.ClassifyError"/>).
/// </summary>
internal sealed class D1Exception(int status, int code, string message) : Exception(message)
{
    /// <summary>The code D1 uses for SQL errors.</summary>
    public const int SqlError = 7500;

    /// <summary>The HTTP status of the answer.</summary>
    public int Status { get; } = status;

    /// <summary>D1's error code.</summary>
    public int Code { get; } = code;

    /// <summary>True for an error of the statement itself (never retried).</summary>
    public bool IsSqlError => Code == SqlError;
}
