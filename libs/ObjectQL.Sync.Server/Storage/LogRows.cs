using ObjectQL.Pipeline;
using ObjectQL.Values;

namespace ObjectQL.Sync.Server.Storage;

/// <summary>
/// Inserts the server's own rows (change rows, clock rows, commit rows, answers, audit entries) through the driver, in
/// the session's transaction, instead of through the pipeline. They are system objects that no caller's rule, hook or
/// validation reaches, so the pipeline would only copy and check every row once more, and publish the answers and audit
/// entries as change events to the database's subscribers. The system fields are stamped as the pipeline stamps them.
/// </summary>
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
        foreach (var row in rows)
        {
            CreatedStamps.Apply(row, row.Id ?? database.Ids.NewId(), now, user);
        }
        return database.Driver.InsertAsync(database.Model.Get(objectName), rows, session.Transaction, cancellationToken);
    }

    /// <summary>Stamps one row for an insert the caller sends itself (its id set, or given one here).</summary>
    public static void Stamp(ObjectQLDatabase database, IPipelineSession session, Record row) =>
        CreatedStamps.Apply(row, row.Id ?? database.Ids.NewId(), CanonicalValues.TruncateToMicroseconds(database.Options.TimeProvider.GetUtcNow()), session.Context.UserId);
}
