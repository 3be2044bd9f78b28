using ObjectQL.Drivers;
using ObjectQL.Metadata;

namespace ObjectQL.Sql;

/// <summary>
/// The errors a batch-only store's commit raises when a guarded write changed nothing (<see cref="SqlBatchTransaction"/>):
/// the ones the pipeline raises when an interactive store reports the same write as not done.
/// </summary>
internal static class GuardFailures
{
    // Built only for batch-only stores: a lambda in the write methods themselves would allocate its closure on every
    // write of every store.

    /// <summary>The failures of the updates from <paramref name="start"/> on, by row of the run.</summary>
    public static Func<int, ObjectQLException> ForUpdates(SqlTable table, IReadOnlyList<RecordChange> changes, int start) =>
        row => Update(table, changes[start + row]);

    /// <summary>The failures of the deletes, by row.</summary>
    public static Func<int, ObjectQLException> ForDeletes(SqlTable table, IReadOnlyList<string> ids) => row => Delete(table, ids[row]);

    /// <summary>A compare-and-swap update whose version moved is a conflict; an update of a missing record is not found.</summary>
    public static ObjectQLException Update(SqlTable table, RecordChange change) =>
        change.ExpectedVersion is { } expected
            ? new ObjectQLException(ErrorCodes.Conflict,
                $"'{table.Definition.Name}' record '{change.Id}' was changed by someone else (expected version {expected}).",
                [new ErrorDetail(SystemFields.Version, "The record's version changed.", "version_conflict")])
            : new ObjectQLException(ErrorCodes.NotFound, $"There is no '{table.Definition.Name}' record with id '{change.Id}'.",
                [new ErrorDetail(SystemFields.Id, $"No record has id '{change.Id}'.", "not_found")]);

    /// <summary>A delete of a record that is gone: someone else deleted it since it was read.</summary>
    public static ObjectQLException Delete(SqlTable table, string id) =>
        new(ErrorCodes.Conflict, $"'{table.Definition.Name}' record '{id}' was deleted by someone else.",
            [new ErrorDetail(SystemFields.Id, "The record is gone.", "version_conflict")]);
}
