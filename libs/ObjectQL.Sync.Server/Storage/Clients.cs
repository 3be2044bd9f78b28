using ObjectQL.Metadata;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Server.Handling;

namespace ObjectQL.Sync.Server.Storage;

/// <summary>
/// A client's row of <see cref="SyncObjects.Client"/>: the principal it is bound to, its writer epoch and highest
/// sequence, and the row's version.
/// </summary>
internal sealed record ClientRow(string ClientId, string? UserId, string? TenantId, long Epoch, long HighestSequence, long Version)
{
    public static ClientRow From(Record row) =>
        new(row.Id!, row["user_id"] as string, row["tenant_id"] as string, RowValues.Long(row["epoch"]), RowValues.Long(row["highest_sequence"]),
            RowValues.Long(row[SystemFields.Version]));
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
        if (!string.Equals(client.UserId, caller.UserId, StringComparison.Ordinal) || !string.Equals(client.TenantId, caller.TenantId, StringComparison.Ordinal))
        {
            throw new SyncRequestException(403, ErrorBody.From(new ObjectQLException(SyncErrorCodes.ClientIdMismatch,
                "This client id belongs to another user or tenant; a new user or tenant on this device needs a new client id.",
                [new ErrorDetail("$.clientId", "Bound to another principal.", "client_mismatch")])));
        }
        return client;
    }

    /// <summary>
    /// Locks the client's row for the rest of the transaction (a write takes the row lock; a retry racing the original
    /// waits here, then finds its first answers) and returns it as committed now. On a batch-only store
    /// (<paramref name="batched"/>), which holds no lock and takes one write per record per transaction, it only reads:
    /// <see cref="SaveAsync"/> then writes the row once, compared with the version read here, so of two racing pushes
    /// of one client the second fails at commit as a whole and is retried.
    /// </summary>
    public static async Task<ClientRow> LockAsync(IObjectQLSession system, string clientId, bool batched, CancellationToken cancellationToken)
    {
        var clients = system.Object(SyncObjects.Client);
        if (batched)
        {
            return ClientRow.From(await clients.FindOneAsync(clientId, cancellationToken).ConfigureAwait(false)
                ?? throw new ObjectQLException(ErrorCodes.DatabaseError, $"Client row '{clientId}' is missing."));
        }
        for (var attempt = 0; ; attempt++)
        {
            var current = await clients.FindOneAsync(clientId, cancellationToken).ConfigureAwait(false)
                ?? throw new ObjectQLException(ErrorCodes.DatabaseError, $"Client row '{clientId}' is missing.");
            try
            {
                // The update compares the version it read; when another request of this client committed meanwhile, it
                // waited for that commit and found a newer version, so read again (READ COMMITTED sees the commit).
                var locked = await clients.UpdateAsync(clientId, new Record { ["user_id"] = current["user_id"] }, cancellationToken).ConfigureAwait(false);
                return ClientRow.From(locked);
            }
            catch (ObjectQLException conflict) when (conflict.Code == ErrorCodes.Conflict && attempt < MaxLockAttempts)
            {
            }
        }
    }

    /// <summary>Writes the client's epoch and highest sequence; on a batch-only store only if the row is still at <paramref name="locked"/>'s version.</summary>
    public static Task SaveAsync(IObjectQLSession system, ClientRow locked, bool batched, long epoch, long highestSequence, CancellationToken cancellationToken)
    {
        var values = new Record { ["epoch"] = (double)epoch, ["highest_sequence"] = (double)highestSequence };
        if (batched)
        {
            values[SystemFields.Version] = locked.Version;
        }
        return system.Object(SyncObjects.Client).UpdateAsync(locked.ClientId, values, cancellationToken);
    }
}
