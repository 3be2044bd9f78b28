namespace ObjectQL.Sync.Protocol;

/// <summary>Constants of the sync protocol that both ends must agree on (docs/sync-protocol.md).</summary>
public static class SyncProtocol
{
    /// <summary>The request header that carries the protocol version.</summary>
    public const string VersionHeader = "X-ObjectQL-Sync-Version";

    /// <summary>
    /// The optional request header by which a client asks for pages of at most this many server changes (a positive
    /// integer); the server caps it at its own maximum, and a server that does not know it answers its default pages.
    /// </summary>
    public const string PageSizeHeader = "X-ObjectQL-Sync-Page-Size";

    /// <summary>The protocol version these contracts describe.</summary>
    public const int CurrentVersion = 1;

    /// <summary>The default endpoint path.</summary>
    public const string DefaultPath = "/api/sync";

    /// <summary>The media type of requests and responses.</summary>
    public const string ContentType = "application/json";

    /// <summary>The longest object or field name the wire accepts, in characters.</summary>
    public const int MaxNameLength = 128;

    /// <summary>The longest record id the wire accepts, in UTF-8 bytes (it travels inside snapshot checkpoints).</summary>
    public const int MaxRecordIdBytes = 255;

    /// <summary>The longest checkpoint the wire accepts, in characters.</summary>
    public const int MaxCheckpointLength = 2048;

    /// <summary>The largest integer on the wire (2^53 - 1): every JSON peer, JavaScript included, reads it exactly.</summary>
    public const long MaxInteger = 9_007_199_254_740_991;

    /// <summary>The longest canonical form of a number inside record data, in characters.</summary>
    public const int MaxNumberLength = 128;
}
