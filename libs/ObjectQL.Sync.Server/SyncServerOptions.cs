using ObjectQL.Sync.Server.Configuration;

namespace ObjectQL.Sync.Server;

/// <summary>
/// How an application runs the sync server: the endpoint's limits and paging, the checkpoint signing keys, and the
/// opt-ins. Give the same options to every instance over one database.
/// </summary>
public sealed record SyncServerOptions
{
    /// <summary>Limits, paging, retention and clock settings of the endpoint.</summary>
    public SyncEndpointConfig Endpoint { get; init; } = new();

    /// <summary>
    /// The checkpoint signing keys by id, each at least 32 bytes, from the server's secret store. Several are accepted;
    /// <see cref="CurrentCheckpointKeyId"/> signs. A checkpoint signed with a key no longer listed gets a resync.
    /// </summary>
    public IReadOnlyDictionary<byte, byte[]> CheckpointKeys { get; init; } = new Dictionary<byte, byte[]>();

    /// <summary>The key new checkpoints are signed with; it must be one of <see cref="CheckpointKeys"/>.</summary>
    public byte CurrentCheckpointKeyId { get; init; }

    /// <summary>
    /// False (the default): a synced object that has no permission set (<c>*.permission.yml</c>) is neither pushed to nor
    /// pulled by non-system callers (<c>FORBIDDEN</c> reason <c>no_permissions</c> for its mutations; absent from deltas).
    /// True opens such objects to every authenticated caller, as the core's <see cref="ObjectQLOptions.AllowObjectsWithoutPermissions"/> decides.
    /// </summary>
    public bool SyncObjectsWithoutPermissions { get; init; }

    /// <summary>The physical clock; null takes the database's (<see cref="ObjectQLOptions.TimeProvider"/>).</summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>Throws an <see cref="ErrorCodes.InvalidRequest"/> error naming the first setting out of range.</summary>
    public SyncServerOptions Validate()
    {
        ArgumentNullException.ThrowIfNull(Endpoint);
        Endpoint.Validate();
        if (CheckpointKeys is null || !CheckpointKeys.TryGetValue(CurrentCheckpointKeyId, out var current) || current is null)
        {
            throw ObjectQLException.InvalidRequest(
                $"SyncServerOptions.CheckpointKeys must hold the current key {CurrentCheckpointKeyId}.", nameof(CheckpointKeys), "missing_key");
        }
        foreach (var (id, key) in CheckpointKeys)
        {
            if (key is null || key.Length < 32)
            {
                throw ObjectQLException.InvalidRequest(
                    $"SyncServerOptions.CheckpointKeys[{id}] must be at least 32 bytes.", nameof(CheckpointKeys), "key_too_short");
            }
        }
        return this;
    }
}
