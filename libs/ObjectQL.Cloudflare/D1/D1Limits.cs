namespace ObjectQL.Cloudflare.D1;

/// <summary>D1's documented limits that the executor enforces before sending (docs/hosting/cloudflare.md, "Limits").</summary>
internal static class D1Limits
{
    /// <summary>Bound parameters per statement.</summary>
    public const int Parameters = 100;

    /// <summary>Bytes of SQL text per statement (also inside a batch).</summary>
    public const int StatementBytes = 100_000;

    /// <summary>Bytes of one string or BLOB value.</summary>
    public const int ValueBytes = 2_000_000;

    /// <summary>The largest integer JSON carries exactly (2^53 - 1): D1's API passes integers as JSON numbers.</summary>
    public const long SafeInteger = 9_007_199_254_740_991;

    public static ObjectQLException Refused(string message, string reason) =>
        ObjectQLException.InvalidRequest(message + " Cloudflare D1 cannot store it; see docs/hosting/cloudflare.md, \"Limits\".", null, reason);
}
