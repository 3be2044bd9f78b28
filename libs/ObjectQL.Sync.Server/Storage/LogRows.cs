using ObjectQL.Metadata;
using ObjectQL.Pipeline;
using ObjectQL.Values;

namespace ObjectQL.Sync.Server.Storage;

/// <summary>
/// Inserts the server's own rows (change rows, clock rows, commit rows, answers, audit entries) through the driver, in
/// the session's transaction, instead of through the pipeline. They are system objects that no caller's rule, hook or
/// validation reaches, so the pipeline would only copy and check every row once more, and publish the answers and audit
/// entries as change events to the database's subscribers.
/// </summary>
/// <remarks>
/// Rows that are only ever inserted, read by their own fields and deleted are stamped with no more system fields than
/// something reads (<see cref="StampsOf"/>): change and commit rows with their id alone, answers with their id and
/// creation time (the prune's cutoff). The other system fields were five values per row that PostgreSQL bound, stored
/// and logged and nothing read (with the change rows' repeated commit time, 35 of the 1,057 bytes of WAL per change
/// row). Clock rows (updated, pruned by their update time) and audit entries (read by an administrator) are stamped as
/// the pipeline stamps them.
/// </remarks>
internal static class LogRows
{
    /// <summary>Inserts <paramref name="rows"/> (their ids set, or given one here) as <paramref name="session"/>'s user.</summary>
    public static Task InsertAsync(ObjectQLDatabase database, IPipelineSession session, string objectName, IReadOnlyList<Record> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return Task.CompletedTask;
        }
        // One box for every row, as the pipeline stamps a batch.
        object now = CanonicalValues.TruncateToMicroseconds(database.Options.TimeProvider.GetUtcNow());
        var user = session.Context.UserId;
        var stamps = StampsOf(objectName);
        foreach (var row in rows)
        {
            Apply(stamps, row, database.Ids, now, user);
        }
        return database.Driver.InsertAsync(database.Model.Get(objectName), rows, session.Transaction, cancellationToken);
    }

    /// <summary>Stamps one row of <paramref name="objectName"/> for an insert the caller sends itself (its id set, or given one here).</summary>
    public static void Stamp(ObjectQLDatabase database, IPipelineSession session, string objectName, Record row) =>
        Apply(StampsOf(objectName), row, database.Ids, CanonicalValues.TruncateToMicroseconds(database.Options.TimeProvider.GetUtcNow()), session.Context.UserId);

    private static void Apply(Stamps stamps, Record row, UuidV7 ids, object now, string? user)
    {
        var id = row.Id ?? ids.NewId();
        switch (stamps)
        {
            case Stamps.All:
                CreatedStamps.Apply(row, id, now, user);
                break;
            case Stamps.IdAndCreatedAt:
                row[SystemFields.Id] = id;
                row[SystemFields.CreatedAt] = now;
                break;
            default:
                row[SystemFields.Id] = id;
                break;
        }
    }

    // What reads each object's system fields: a change row is read and deleted by its id, its commit's key (ChangeKeys);
    // a commit row by its position, its time its own field; an answer by its id, and pruned by its creation time.
    private static Stamps StampsOf(string objectName) => objectName switch
    {
        SyncObjects.Change or SyncObjects.Commit => Stamps.Id,
        SyncObjects.Mutation => Stamps.IdAndCreatedAt,
        _ => Stamps.All,
    };

    private enum Stamps
    {
        Id,
        IdAndCreatedAt,
        All,
    }
}
