using ObjectQL.Metadata;

namespace ObjectQL.Sync.Server.Storage;

/// <summary>The change log's identity and how far retention has pruned it: one row of <see cref="SyncObjects.State"/>.</summary>
internal sealed record LogState(Guid Epoch, long PrunedThrough)
{
    private const string RowId = "log";

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

    private static LogState From(Record row) => new(Guid.Parse((string)row["log_epoch"]!), RowValues.Long(row["pruned_through"]));
}
