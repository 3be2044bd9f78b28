namespace ObjectQL.Sync.Protocol;

/// <summary>Constants of the sync protocol that both ends must agree on (docs/sync-protocol.md).</summary>
public static class SyncProtocol
{
    /// <summary>The request header that carries the protocol version.</summary>
    public const string VersionHeader = "X-ObjectQL-Sync-Version";

    /// <summary>The protocol version these contracts describe.</summary>
    public const int CurrentVersion = 1;

    /// <summary>The default endpoint path.</summary>
    public const string DefaultPath = "/api/sync";

    /// <summary>The media type of requests and responses.</summary>
    public const string ContentType = "application/json";
}
