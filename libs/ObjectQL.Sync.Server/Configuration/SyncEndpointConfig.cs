using ObjectQL.Sync.Clocks;
using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Server.Configuration;

/// <summary>Settings of the server's sync endpoint (the seed's <c>SyncEndpointConfig</c>, plus paging, clock and key settings).</summary>
public sealed record SyncEndpointConfig
{
    /// <summary>The endpoint is served.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The route; <c>/api/sync</c> by default.</summary>
    public string Path { get; init; } = SyncProtocol.DefaultPath;

    /// <summary>The most mutations one push may carry; a larger push is refused whole (HTTP 413) with this limit in the body. Default 100.</summary>
    public int MaxMutationsPerRequest { get; init; } = SyncLimits.DefaultMaxMutationsPerRequest;

    /// <summary>
    /// The most mutations one database transaction applies; a push is committed in chunks of this size (one commit
    /// position each). Default 256, at most 4096. Mutations share one savepoint per run (RFC 6.1), so a chunk costs
    /// PostgreSQL one subtransaction plus about one per failed mutation, not one per mutation.
    /// </summary>
    public int MaxMutationsPerTransaction { get; init; } = 256;

    /// <summary>The largest <c>data</c> of one mutation, in bytes of its canonical JSON; a larger one is its own <c>rejected PAYLOAD_TOO_LARGE</c>. Default 1 MiB.</summary>
    public int MaxRecordBytes { get; init; } = SyncLimits.Default.MaxRecordBytes;

    /// <summary>The largest request body; a larger one is refused whole (HTTP 413). Default 4 MiB; at least <see cref="MaxRecordBytes"/> plus room for the envelope.</summary>
    public int MaxRequestBytes { get; init; } = SyncLimits.Default.MaxRequestBytes;

    /// <summary>The byte budget of one page of server changes; a page ends at whichever of this and <see cref="MaxChangesPerResponse"/> comes first, and always holds at least one change. Default 1 MiB.</summary>
    public int MaxChangeBytesPerResponse { get; init; } = 1 << 20;

    /// <summary>How long the change log keeps changes; a checkpoint older than this gets <c>resyncRequired</c>. Default 30 days.</summary>
    public int ChangeLogRetentionDays { get; init; } = 30;

    /// <summary>The most server changes one response carries; the rest follow with <c>hasMore</c>. Default 500.</summary>
    public int MaxChangesPerResponse { get; init; } = 500;

    /// <summary>
    /// The most server changes a client may ask for in one page (the <c>X-ObjectQL-Sync-Page-Size</c> header); a larger
    /// ask is capped here, not refused, and the cap is never below <see cref="MaxChangesPerResponse"/>. Default 5,000.
    /// <see cref="MaxChangeBytesPerResponse"/> still ends a page first when it is reached first.
    /// </summary>
    public int MaxRequestedChangesPerResponse { get; init; } = 5000;

    /// <summary>The page size for a client's ask (null: none): the ask, capped at the larger of the two maxima.</summary>
    internal int PageSizeFor(int? asked) =>
        asked is { } size ? Math.Min(size, Math.Max(MaxRequestedChangesPerResponse, MaxChangesPerResponse)) : MaxChangesPerResponse;

    /// <summary>How far ahead of the server a client clock may be before its writes are restamped. Default 60 s.</summary>
    public TimeSpan MaxClockDrift { get; init; } = HlcOptions.DefaultMaxDrift;

    /// <summary>The protocol versions served; v1 only for now.</summary>
    public IReadOnlyList<int> SupportedVersions { get; init; } = [SyncProtocol.CurrentVersion];

    /// <summary>The limits every response advertises.</summary>
    public SyncLimits Limits => new(MaxMutationsPerRequest, MaxRecordBytes, MaxRequestBytes);

    /// <summary>The retention window as a duration.</summary>
    public TimeSpan ChangeLogRetention => TimeSpan.FromDays(ChangeLogRetentionDays);

    /// <summary>Throws an <see cref="ErrorCodes.InvalidRequest"/> error naming the first setting out of range.</summary>
    public SyncEndpointConfig Validate()
    {
        Require(Path.StartsWith('/'), nameof(Path), "must start with '/'");
        Require(MaxMutationsPerRequest >= 1, nameof(MaxMutationsPerRequest), "must be at least 1");
        Require(MaxMutationsPerTransaction is >= 1 and <= 4096, nameof(MaxMutationsPerTransaction), "must be 1 to 4096");
        Require(MaxRecordBytes >= 1, nameof(MaxRecordBytes), "must be at least 1");
        Require(MaxRequestBytes > MaxRecordBytes, nameof(MaxRequestBytes), "must be larger than MaxRecordBytes");
        Require(MaxChangeBytesPerResponse >= 1, nameof(MaxChangeBytesPerResponse), "must be at least 1");
        Require(ChangeLogRetentionDays >= 1, nameof(ChangeLogRetentionDays), "must be at least 1");
        Require(MaxChangesPerResponse >= 1, nameof(MaxChangesPerResponse), "must be at least 1");
        Require(MaxRequestedChangesPerResponse >= 1, nameof(MaxRequestedChangesPerResponse), "must be at least 1");
        Require(MaxClockDrift > TimeSpan.Zero, nameof(MaxClockDrift), "must be positive");
        Require(SupportedVersions.Count > 0, nameof(SupportedVersions), "must name at least one version");
        return this;
    }

    private static void Require(bool condition, string setting, string rule)
    {
        if (!condition)
        {
            throw ObjectQLException.InvalidRequest($"SyncEndpointConfig.{setting} {rule}.", setting, "out_of_range");
        }
    }
}
