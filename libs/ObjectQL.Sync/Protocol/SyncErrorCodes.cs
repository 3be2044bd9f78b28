namespace ObjectQL.Sync.Protocol;

/// <summary>Error codes only the sync endpoint uses; the general ones are in <see cref="ErrorCodes"/>.</summary>
public static class SyncErrorCodes
{
    /// <summary>The version header is missing or names a version the server does not speak (HTTP 400).</summary>
    public const string UnsupportedVersion = "SYNC_VERSION_UNSUPPORTED";

    /// <summary>The checkpoint was not issued by this server, was altered, or belongs to another client (HTTP 400).</summary>
    public const string InvalidCheckpoint = "SYNC_CHECKPOINT_INVALID";

    /// <summary>The client id is bound to another principal (HTTP 403).</summary>
    public const string ClientIdMismatch = "SYNC_CLIENT_MISMATCH";

    /// <summary>The request's <c>clientEpoch</c> is below the one the server holds for the client: another writer took over (HTTP 409).</summary>
    public const string ClientFenced = "SYNC_CLIENT_FENCED";

    /// <summary>A new mutation's sequence is at or below the client's highest processed one: its counter went back (HTTP 409).</summary>
    public const string SequenceBehind = "SYNC_SEQUENCE_BEHIND";

    /// <summary>
    /// The server's wall clock differs from the database's by more than the drift limit, so it issues no clocks until an
    /// operator fixes it (HTTP 503; the client retries later, nothing was applied).
    /// </summary>
    public const string ServerClockOff = "SYNC_SERVER_CLOCK_OFF";
}
