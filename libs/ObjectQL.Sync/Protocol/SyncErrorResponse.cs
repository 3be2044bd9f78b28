namespace ObjectQL.Sync.Protocol;

/// <summary>The body of every 4xx/5xx answer of the sync endpoint: <c>{"error":{...}}</c>.</summary>
/// <param name="Error">The error.</param>
public sealed record SyncErrorResponse(SyncError Error);

/// <summary>An error that refused the whole request; nothing was applied.</summary>
/// <param name="Code">The error code (<c>ErrorCodes</c> or <see cref="SyncErrorCodes"/>).</param>
/// <param name="Message">What was wrong and what to do.</param>
/// <param name="Details">The offending fields.</param>
/// <param name="SupportedVersions">The protocol versions the server speaks; present on version errors.</param>
/// <param name="MaxMutationsPerRequest">The server's batch limit; present when a push had too many mutations.</param>
public sealed record SyncError(
    string Code,
    string Message,
    IReadOnlyList<SyncErrorDetail>? Details = null,
    IReadOnlyList<int>? SupportedVersions = null,
    int? MaxMutationsPerRequest = null);

/// <summary>One offending field of an error.</summary>
/// <param name="Field">The field or JSON path, when there is one.</param>
/// <param name="Message">What is wrong with it.</param>
/// <param name="Reason">A short machine-readable reason such as <c>required</c>.</param>
public sealed record SyncErrorDetail(string? Field, string Message, string? Reason = null);
