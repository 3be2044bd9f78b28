using ObjectQL.Metadata;

namespace ObjectQL.Sync.Server.Storage;

/// <summary>
/// The change log's identity, how far retention has pruned it and whether every change row is keyed by its commit
/// (<see cref="ChangeKeys"/>; false until <see cref="ChangeKeyUpgrade"/> has rekeyed a store an earlier version wrote):
/// one row of <see cref="SyncObjects.State"/>.
/// </summary>
internal sealed record LogState(Guid Epoch, long PrunedThrough, bool KeyedByCommit)
{
    private const string RowId = "log";

    // The field recording how change rows are keyed: 1, by their commit and ordinal (ChangeKeys); empty in stores of
    // earlier versions, whose rows had generated ids.
    private const string KeysField = "change_keys";
    private const int ChangeKeysVersion = 1;

    public static async Task<LogState> ReadOrCreateAsync(IObjectQLSession system, CancellationToken cancellationToken)
    {
        var states = system.Object(SyncObjects.State);
        if (await states.FindOneAsync(RowId, cancellationToken).ConfigureAwait(false) is { } row)
        {
            return From(row);
        }
        try
        {
            await states.CreateAsync(new Record { [SystemFields.Id] = RowId, ["log_epoch"] = Guid.NewGuid().ToString(), ["pruned_through"] = 0d }, cancellationToken)
                .ConfigureAwait(false);
        }
        // Another instance created it first; its epoch is the one.
        catch (ObjectQLException conflict) when (conflict.Code == ErrorCodes.Conflict)
        {
        }
        return From(await states.FindOneAsync(RowId, cancellationToken).ConfigureAwait(false)
            ?? throw new ObjectQLException(ErrorCodes.DatabaseError, "The sync log state row vanished while it was created."));
    }

    public static async Task SetPrunedThroughAsync(IObjectQLSession system, long position, CancellationToken cancellationToken) =>
        await system.Object(SyncObjects.State).UpdateAsync(RowId, new Record { ["pruned_through"] = (double)position }, cancellationToken).ConfigureAwait(false);

    /// <summary>Records that every change row is keyed by its commit (<see cref="ChangeKeys"/>).</summary>
    public static async Task SetKeyedByCommitAsync(IObjectQLSession system, CancellationToken cancellationToken) =>
        await system.Object(SyncObjects.State).UpdateAsync(RowId, new Record { [KeysField] = (double)ChangeKeysVersion }, cancellationToken).ConfigureAwait(false);

    private static LogState From(Record row) => new(
        Guid.Parse((string)row["log_epoch"]!),
        RowValues.Long(row["pruned_through"]),
        row.TryGetValue(KeysField, out var keys) && keys is not null && RowValues.Long(keys) >= ChangeKeysVersion);
}
