namespace ObjectQL.Sync.Client;

/// <summary>Supplies the bearer token of the next sync request, or null to send none.</summary>
public delegate ValueTask<string?> SyncAuthTokenProvider(CancellationToken cancellationToken);

/// <summary>Answers a manual conflict (<see cref="SyncConflictContext"/>); see <see cref="SyncClientOptions.OnConflict"/>.</summary>
public delegate ValueTask<ConflictAnswer> SyncConflictHandler(SyncConflictContext conflict, CancellationToken cancellationToken);

/// <summary>
/// How a sync client talks to its server and when it syncs: the seed's <c>SyncPluginConfig</c> (server URL, auth-token
/// provider, interval, retry limit, <c>onConflict</c>) plus what .NET clients need (timeouts, backoff, time).
/// </summary>
public sealed class SyncClientOptions
{
    /// <summary>The server's base address, e.g. <c>https://api.example.com/</c>; the endpoint path is appended.</summary>
    public Uri? ServerUrl { get; set; }

    /// <summary>The endpoint path below <see cref="ServerUrl"/>; <c>/api/sync</c> by default.</summary>
    public string EndpointPath { get; set; } = Protocol.SyncProtocol.DefaultPath;

    /// <summary>Supplies the bearer token of each request; null sends none (the host authenticates otherwise, e.g. cookies).</summary>
    public SyncAuthTokenProvider? AuthTokenProvider { get; set; }

    /// <summary>How often the client syncs without a local write (the interval trigger); 30 seconds by default.</summary>
    public TimeSpan SyncInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many failed attempts in a row are retried with backoff before the client reports the failure and waits for the
    /// next trigger (a local write, reconnect or the interval); 5 by default. The client never stops for good.
    /// </summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>The first backoff delay; doubled per failure, with jitter; 1 second by default.</summary>
    public TimeSpan MinBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest backoff delay; 5 minutes by default.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one request may take before it counts as a network failure; 30 seconds by default.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The most server changes the client asks for in one page (the <c>X-ObjectQL-Sync-Page-Size</c> header); null, the
    /// default, asks for none and gets the server's pages (500 changes by default). The server caps the ask at its own
    /// maximum (5,000 by default) and still ends a page at its byte budget; a server that does not know the header
    /// answers its default pages. Bigger pages mean fewer requests and fewer local transactions in a first sync.
    /// </summary>
    public int? PageSize { get; set; }

    /// <summary>
    /// Answers manual conflicts: called once per conflict after the page that reported it is stored. Its answer is
    /// pushed as a new mutation; without a handler (or with <see cref="ConflictAnswer.Defer"/>) the conflict stays parked
    /// in <see cref="SyncStatus.Parked"/> until <see cref="SyncClient.ResolveAsync"/> or <see cref="SyncClient.DiscardAsync"/>.
    /// </summary>
    public SyncConflictHandler? OnConflict { get; set; }

    private readonly Dictionary<string, SyncConflictHandler> _conflictHandlers = new(StringComparer.Ordinal);

    /// <summary>
    /// Answers the manual conflicts of one object, before <see cref="OnConflict"/> (which answers the others); a second
    /// registration for the same object replaces the first. The generated <c>On{Object}Conflict</c> extensions register
    /// typed handlers here.
    /// </summary>
    /// <param name="objectName">The object, e.g. <c>todo_item</c>.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>These options, for chaining.</returns>
    public SyncClientOptions AddConflictHandler(string objectName, SyncConflictHandler handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(objectName);
        ArgumentNullException.ThrowIfNull(handler);
        _conflictHandlers[objectName] = handler;
        return this;
    }

    // The handler of one object's conflicts: its own, else the catch-all, else none (the conflict stays parked).
    internal SyncConflictHandler? ConflictHandlerFor(string objectName) => _conflictHandlers.GetValueOrDefault(objectName) ?? OnConflict;

    /// <summary>
    /// How long the engine's claim on the local store lasts without renewal (renewed every third of it while the engine
    /// runs); 1 minute by default. A second engine on the same store is refused while the claim is live; see
    /// <see cref="SyncClientPlugin.StartAsync"/>.
    /// </summary>
    public TimeSpan EngineLease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The clock of every timer, debounce and backoff; <see cref="TimeProvider.System"/> by default.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Throws an <see cref="ErrorCodes.InvalidRequest"/> error naming the first setting out of range.</summary>
    internal void Validate()
    {
        Check(SyncInterval > TimeSpan.Zero, nameof(SyncInterval), "must be positive");
        Check(MaxRetries >= 0, nameof(MaxRetries), "must be 0 or more");
        Check(MinBackoff > TimeSpan.Zero && MaxBackoff >= MinBackoff, nameof(MinBackoff), "must be positive and at most MaxBackoff");
        Check(RequestTimeout > TimeSpan.Zero, nameof(RequestTimeout), "must be positive");
        Check(PageSize is null or >= 1, nameof(PageSize), "must be at least 1 when set");
        Check(EngineLease >= TimeSpan.FromSeconds(1), nameof(EngineLease), "must be at least 1 second");
        Check(EndpointPath.StartsWith('/'), nameof(EndpointPath), "must start with '/'");
        ArgumentNullException.ThrowIfNull(TimeProvider);
    }

    private static void Check(bool ok, string setting, string rule)
    {
        if (!ok)
        {
            throw ObjectQLException.InvalidRequest($"SyncClientOptions.{setting} {rule}.", setting, "out_of_range");
        }
    }
}
