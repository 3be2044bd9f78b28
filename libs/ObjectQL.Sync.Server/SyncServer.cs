using System.Diagnostics;
using System.Globalization;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Server.Checkpoints;
using ObjectQL.Sync.Server.Diagnostics;
using ObjectQL.Sync.Server.Handling;
using ObjectQL.Sync.Server.Storage;

namespace ObjectQL.Sync.Server;

/// <summary>
/// The sync server over one opened database (host-agnostic): applies pushed mutations exactly once through the full
/// pipeline, resolves conflicts per object, and answers with the caller's delta and a signed checkpoint
/// (docs/sync-protocol.md, docs/sync-server.md). Create one per database with <see cref="CreateAsync"/> and share it:
/// it is safe for concurrent requests, and several processes may each hold one over the same database.
/// </summary>
public sealed partial class SyncServer : ISyncRequestHandler
{
    private readonly ChangeLog _log;
    private readonly CheckpointCodec _codec;
    private readonly Guid _logEpoch;
    // Digested at the first checkpoint, not at start: SHA-256's first use loads OpenSSL (docs/hosting/aspnetcore.md).
    private readonly Lazy<ulong> _schemaEpoch;

    private SyncServer(ChangeLog log, Guid logEpoch)
    {
        _log = log;
        _logEpoch = logEpoch;
        _codec = new CheckpointCodec(log.Options.CheckpointKeys, log.Options.CurrentCheckpointKeyId);
        _schemaEpoch = new Lazy<ulong>(() => Epochs.Schema(log.Configs));
    }

    /// <summary>The database the server serves.</summary>
    public ObjectQLDatabase Database => _log.Database;

    /// <summary>The options of the database's <see cref="SyncServerPlugin"/>.</summary>
    public SyncServerOptions Options => _log.Options;

    /// <summary>
    /// The server for <paramref name="database"/>, which must have been opened with a <see cref="SyncServerPlugin"/>
    /// (otherwise <see cref="ErrorCodes.InvalidRequest"/>, reason <c>missing_plugin</c>). The first server of a new
    /// database gives its change log an identity (the log epoch every checkpoint carries).
    /// </summary>
    public static async Task<SyncServer> CreateAsync(ObjectQLDatabase database, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        var log = SyncServerPlugin.LogOf(database);
        var state = await LogState.ReadOrCreateAsync(database.System, cancellationToken).ConfigureAwait(false);
        await ChangeKeyUpgrade.RunAsync(log, state, cancellationToken).ConfigureAwait(false);
        await log.ClockAsync(database.System, cancellationToken).ConfigureAwait(false);
        return new SyncServer(log, state.Epoch);
    }

    /// <inheritdoc />
    public Task<SyncPushResponse> HandleAsync(SyncPushRequest request, ObjectQLContext caller, CancellationToken cancellationToken = default) =>
        HandleAsync(request, caller, null, cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// A page size under 1 is refused (HTTP 400, nothing applied); one above
    /// <see cref="Configuration.SyncEndpointConfig.MaxRequestedChangesPerResponse"/> is capped there.
    /// </remarks>
    public Task<SyncPushResponse> HandleAsync(SyncPushRequest request, ObjectQLContext caller, int? pageSize, CancellationToken cancellationToken) =>
        HandleAsync(request, caller, pageSize, validated: false, cancellationToken);

    /// <summary>
    /// Handles a request exactly as <see cref="SyncJson.ReadRequest"/> returned it to the HTTP endpoint, which validated
    /// it there and has handed it to no one else: validating it again would parse every timestamp and clock of a push of
    /// 1000 a second time.
    /// </summary>
    internal Task<SyncPushResponse> HandleReadAsync(SyncPushRequest request, ObjectQLContext caller, int? pageSize, CancellationToken cancellationToken) =>
        HandleAsync(request, caller, pageSize, validated: true, cancellationToken);

    private async Task<SyncPushResponse> HandleAsync(SyncPushRequest request, ObjectQLContext caller, int? pageSize, bool validated, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        using var activity = SyncServerMetrics.Source.StartActivity("sync.request");
        activity?.SetTag("objectql.sync.client_id", request.ClientId);
        activity?.SetTag("objectql.sync.mutations", request.Mutations?.Count ?? 0);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await HandleCoreAsync(request, caller, pageSize, validated, cancellationToken).ConfigureAwait(false);
            activity?.SetTag("objectql.sync.changes", response.ServerChanges.Count);
            return response;
        }
        catch (SyncRequestException refused)
        {
            activity?.SetStatus(ActivityStatusCode.Error, refused.Body.Error.Code);
            throw;
        }
        finally
        {
            _log.Metrics.PushDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    private async Task<SyncPushResponse> HandleCoreAsync(
        SyncPushRequest request, ObjectQLContext caller, int? pageSize, bool validated, CancellationToken cancellationToken)
    {
        if (pageSize < 1)
        {
            throw new SyncRequestException(400, SyncErrorBodies.InvalidPageSize(pageSize.Value.ToString(CultureInfo.InvariantCulture)));
        }
        if (!validated)
        {
            Refuse(() => SyncWireValidator.Validate(request), 400);
        }
        var limits = Options.Endpoint;
        if (request.Mutations.Count > limits.MaxMutationsPerRequest)
        {
            throw new SyncRequestException(413, SyncErrorBodies.TooManyMutations(request.Mutations.Count, limits.MaxMutationsPerRequest));
        }
        if (!caller.IsSystem && caller.UserId is null)
        {
            throw new SyncRequestException(401, ErrorBody.From(new ObjectQLException(ErrorCodes.Unauthorized,
                "Sync needs an authenticated principal.", [new ErrorDetail(null, "No user.", "unauthenticated")])));
        }
        await _log.ClockCheck.EnsureTrustedAsync(cancellationToken).ConfigureAwait(false);
        var checkpoint = request.LastCheckpoint is null ? null : Refuse(() => (Decoded?)new Decoded(_codec.Decode(request.LastCheckpoint, request.ClientId)), 400);
        var client = await BindAsync(request, caller, cancellationToken).ConfigureAwait(false);
        var results = await PushAsync(request, caller, client, cancellationToken).ConfigureAwait(false);
        var highest = results.HighestSequence;
        var delta = await DeltaAsync(request.ClientId, caller, checkpoint, results.Commits, results.Client, limits.PageSizeFor(pageSize), cancellationToken).ConfigureAwait(false);
        var clock = await _log.ClockAsync(Database.System, cancellationToken).ConfigureAwait(false);
        var now = await clock.NextAsync(cancellationToken).ConfigureAwait(false);
        return new SyncPushResponse(
            results.Results, delta.Changes, delta.Checkpoint, delta.HasMore, delta.ResyncReason is not null, now.ToString(), highest,
            limits.Limits, delta.ResyncReason);
    }

    // A checkpoint decoded, or null inside when its key is no longer held (a resync, reason format).
    private sealed record Decoded(SyncCheckpoint? Checkpoint);

    private static T Refuse<T>(Func<T> body, int status)
    {
        try
        {
            return body();
        }
        catch (ObjectQLException error)
        {
            throw new SyncRequestException(status, ErrorBody.From(error));
        }
    }
}
