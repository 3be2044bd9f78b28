using ObjectQL.Drivers;
using ObjectQL.Metadata;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Server.Handling;
using ObjectQL.Values;

namespace ObjectQL.Sync.Server.Storage;

/// <summary>
/// A client's row of <see cref="SyncObjects.Client"/>: the principal it is bound to, its writer epoch and highest
/// sequence, and the row's version.
/// </summary>
internal sealed record ClientRow(string ClientId, string? UserId, string? TenantId, long Epoch, long HighestSequence, long Version)
{
    /// <summary>The position of the last commit that holds a delete of one of the client's mutations; 0 when none does.</summary>
    /// <remarks>
    /// Written by that commit's before-commit stage (ChangeLog.Write.cs) without moving the row's version: the push that
    /// wrote it holds the row it locked and knows it (SyncServer.Push.cs), and every other reader's version is older.
    /// </remarks>
    public long DeletedThrough { get; init; }

    public static ClientRow From(Record row) =>
        new(row.Id!, row["user_id"] as string, row["tenant_id"] as string, RowValues.Long(row["epoch"]), RowValues.Long(row["highest_sequence"]),
            RowValues.Long(row[SystemFields.Version]))
        {
            DeletedThrough = RowValues.Long(row["deleted_through"]),
        };
}

/// <summary>Binds client ids to principals (RFC 8) and locks a client's row for a push (RFC 7).</summary>
internal static class Clients
{
    private const int MaxLockAttempts = 100;

    /// <summary>
    /// The client's row, created at first use and bound to the caller's user and tenant; 403 <c>SYNC_CLIENT_MISMATCH</c>
    /// when it is bound to another.
    /// </summary>
    public static async Task<ClientRow> BindAsync(IObjectQLSession system, string clientId, ObjectQLContext caller, CancellationToken cancellationToken)
    {
        var clients = system.Object(SyncObjects.Client);
        var row = await clients.FindOneAsync(clientId, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            try
            {
                row = await clients.CreateAsync(new Record
                {
                    [SystemFields.Id] = clientId,
                    ["user_id"] = caller.UserId,
                    ["tenant_id"] = caller.TenantId,
                    ["epoch"] = 0d,
                    ["highest_sequence"] = 0d,
                }, cancellationToken).ConfigureAwait(false);
            }
            // The same client's racing request bound it first; the binding check below still applies.
            catch (ObjectQLException conflict) when (conflict.Code == ErrorCodes.Conflict)
            {
                row = await clients.FindOneAsync(clientId, cancellationToken).ConfigureAwait(false)
                    ?? throw new ObjectQLException(ErrorCodes.DatabaseError, $"Client row '{clientId}' vanished while it was created.");
            }
        }
        var client = ClientRow.From(row);
        if (!IsBoundTo(client, caller))
        {
            throw new SyncRequestException(403, ErrorBody.From(new ObjectQLException(SyncErrorCodes.ClientIdMismatch,
                "This client id belongs to another user or tenant; a new user or tenant on this device needs a new client id.",
                [new ErrorDetail("$.clientId", "Bound to another principal.", "client_mismatch")])));
        }
        return client;
    }

    /// <summary>Whether <paramref name="client"/> is bound to the caller's user and tenant.</summary>
    public static bool IsBoundTo(ClientRow client, ObjectQLContext caller) =>
        string.Equals(client.UserId, caller.UserId, StringComparison.Ordinal) && string.Equals(client.TenantId, caller.TenantId, StringComparison.Ordinal);

    /// <summary>
    /// Locks the client's row for the rest of the transaction by writing it (a retry racing the original waits here,
    /// then finds its first answers): the epoch and highest sequence <paramref name="advance"/> computes from the row as
    /// committed, in the same statement that takes the lock, so a push writes the row once. The write compares the
    /// version of <paramref name="known"/> (the row as this request last saw it) and reads the row only when another
    /// request of the client committed since. Returns the row as it was before the write (what the push checks) and as
    /// written (what the request's next chunk knows). Interactive stores only; a batch-only store uses
    /// <see cref="ReadAsync"/> and <see cref="SaveAsync"/>.
    /// </summary>
    /// <remarks>
    /// The row is written through the driver, not the pipeline: the pipeline's update would read the row again to compare
    /// its version, which the driver's compare-and-swap already does in the write. The row is the server's own (a system
    /// object no caller's rule or hook reaches, and not synced), so nothing the pipeline adds applies to it.
    /// </remarks>
    public static async Task<(ClientRow Locked, ClientRow Written)> LockAsync(
        ObjectQLSession session, string clientId, ClientRow? known, Func<ClientRow, (long Epoch, long HighestSequence)> advance, CancellationToken cancellationToken)
    {
        var database = session.Database;
        var definition = database.Model.Get(SyncObjects.Client);
        var current = known;
        for (var attempt = 0; attempt < MaxLockAttempts; attempt++)
        {
            current ??= await ReadAsync(session, clientId, cancellationToken).ConfigureAwait(false);
            var (epoch, highest) = advance(current);
            var written = current with { Epoch = epoch, HighestSequence = highest, Version = current.Version + 1 };
            var values = new Record
            {
                ["epoch"] = (double)epoch,
                ["highest_sequence"] = (double)highest,
                [SystemFields.Version] = written.Version,
                [SystemFields.UpdatedAt] = CanonicalValues.TruncateToMicroseconds(database.Options.TimeProvider.GetUtcNow()),
            };
            // When another request of this client committed since the version compared, the write waited for that commit
            // and found a newer version: read again (READ COMMITTED sees the commit).
            var wrote = await database.Driver.UpdateAsync(definition, [new RecordChange(clientId, values, current.Version)], session.Transaction, cancellationToken)
                .ConfigureAwait(false);
            if (wrote[0])
            {
                return (current, written);
            }
            current = null;
        }
        throw new ObjectQLException(ErrorCodes.Conflict, $"Client row '{clientId}' kept changing while this push locked it; retry the push.",
            [new ErrorDetail("$.clientId", "Concurrent requests of this client.", "version_conflict")]);
    }

    /// <summary>The client's row as committed now, without a lock (a batch-only store holds none).</summary>
    public static async Task<ClientRow> ReadAsync(IObjectQLSession system, string clientId, CancellationToken cancellationToken) =>
        ClientRow.From(await system.Object(SyncObjects.Client).FindOneAsync(clientId, cancellationToken).ConfigureAwait(false)
            ?? throw new ObjectQLException(ErrorCodes.DatabaseError, $"Client row '{clientId}' is missing."));

    /// <summary>
    /// Writes the client's epoch and highest sequence on a batch-only store, once per chunk, only if the row is still at
    /// <paramref name="read"/>'s version: that compare stands in for the row lock (SyncServer.Batched.cs).
    /// </summary>
    public static Task SaveAsync(IObjectQLSession system, ClientRow read, long epoch, long highestSequence, CancellationToken cancellationToken) =>
        system.Object(SyncObjects.Client).UpdateAsync(read.ClientId, new Record
        {
            ["epoch"] = (double)epoch,
            ["highest_sequence"] = (double)highestSequence,
            [SystemFields.Version] = read.Version,
        }, cancellationToken);
}
