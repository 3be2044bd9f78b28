using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Security;

namespace ObjectQL.Pipeline;

/// <summary>
/// <c>deleteBehavior</c> (docs/relationships.md): before records are deleted, the records referring to them are
/// refused (<c>restrict</c>), cleared (<c>set_null</c>) or deleted (<c>cascade</c>) through their own object's pipeline in
/// the same transaction and as the same caller, so permissions, hooks, change events and the sync change log see every
/// one of those writes. Referring records are found whatever the caller may read: one it may not change fails the delete.
/// </summary>
internal sealed partial class ObjectRepository
{
    private async Task ApplyDeleteBehaviorsAsync(ObjectQLSession session, IReadOnlyList<Record> targets, DeletionSet deleting, CancellationToken cancellationToken)
    {
        var references = Database.References.To(Definition);
        if (references.Count == 0 || AppliesRemote(session))
        {
            return;
        }
        var ids = new string[targets.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = targets[i].Id!;
        }
        // Restrictions first, so a refused delete writes nothing before it fails.
        foreach (var reference in references.Where(static r => r.Field.EffectiveDeleteBehavior == DeleteBehavior.Restrict))
        {
            var referring = await ReferringAsync(session, reference, ids, deleting, cancellationToken).ConfigureAwait(false);
            if (referring.Count > 0)
            {
                throw new ObjectQLException(ErrorCodes.Conflict,
                    $"'{Definition.Name}' record '{Referenced(referring[0], reference, ids)}' cannot be deleted: '{reference.Source.Name}' record '{referring[0].Id}' refers to it through '{reference.Field.Name}' (deleteBehavior: restrict).",
                    [new ErrorDetail(reference.Field.Name, $"Referred to by {referring.Count} '{reference.Source.Name}' record(s).", "restricted")]);
            }
        }
        foreach (var reference in references.Where(static r => r.Field.EffectiveDeleteBehavior != DeleteBehavior.Restrict))
        {
            var referring = await ReferringAsync(session, reference, ids, deleting, cancellationToken).ConfigureAwait(false);
            if (referring.Count == 0)
            {
                continue;
            }
            var source = new ObjectRepository(session, reference.Source);
            if (reference.Field.EffectiveDeleteBehavior == DeleteBehavior.Cascade)
            {
                await source.CascadeDeleteAsync(session, referring, deleting, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await source.ClearReferencesAsync(session, reference.Field, referring, ids, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // Records of reference.Source whose field names one of ids, except those already being deleted; found as stored.
    private async Task<List<Record>> ReferringAsync(
        ObjectQLSession session, Reference reference, string[] ids, DeletionSet deleting, CancellationToken cancellationToken)
    {
        var referring = new List<Record>();
        var field = reference.Field.Name;
        for (var start = 0; start < ids.Length; start += ReferenceChunk)
        {
            var chunk = ids.Length <= ReferenceChunk ? ids : ids[start..Math.Min(ids.Length, start + ReferenceChunk)];
            Filter where = reference.Field.Multiple
                ? new Filter.Or([.. chunk.Select(id => (Filter)new Filter.Comparison(field, FilterOperator.Contains, id))])
                : new Filter.Comparison(field, FilterOperator.In, chunk);
            var rows = await Driver.FindAsync(reference.Source, new Query { Where = where }, session.Transaction, cancellationToken).ConfigureAwait(false);
            referring.AddRange(rows.Where(row => !deleting.Contains(reference.Source, row.Id!)));
        }
        return referring;
    }

    private static string Referenced(Record referring, Reference reference, string[] ids) =>
        Ids(referring[reference.Field.Name] ?? "").FirstOrDefault(ids.Contains) ?? ids[0];

    // cascade: the referring records are deleted as the caller would delete them, which applies their own deleteBehaviors.
    private async Task CascadeDeleteAsync(ObjectQLSession session, List<Record> referring, DeletionSet deleting, CancellationToken cancellationToken)
    {
        var guard = Guard(session);
        guard.RequireObject(PermissionAction.Delete);
        foreach (var record in referring)
        {
            RequireAllowed(guard, PermissionAction.Delete, record);
        }
        await DeleteRecordsAsync(session, referring, cancellationToken, deleting).ConfigureAwait(false);
    }

    // set_null: the field is cleared, or the deleted ids are taken out of a multiple lookup, as the caller's update.
    private async Task ClearReferencesAsync(
        ObjectQLSession session, FieldDefinition field, List<Record> referring, string[] deletedIds, CancellationToken cancellationToken)
    {
        var guard = Guard(session);
        guard.RequireObject(PermissionAction.Update);
        var patches = new Record[referring.Count];
        for (var i = 0; i < patches.Length; i++)
        {
            RequireAllowed(guard, PermissionAction.Update, referring[i]);
            object? cleared = null;
            if (field.Multiple && referring[i][field.Name] is string[] current)
            {
                var kept = current.Where(id => Array.IndexOf(deletedIds, id) < 0).ToArray();
                cleared = kept.Length == 0 ? null : kept;
            }
            patches[i] = new Record(1) { [field.Name] = cleared };
        }
        await UpdateRecordsAsync(session, guard, referring, patches, sharedChanges: false, cancellationToken).ConfigureAwait(false);
    }

    private void RequireAllowed(PermissionGuard guard, PermissionAction action, Record stored)
    {
        if (!guard.Allows(PermissionAction.Read, stored) || !guard.Allows(action, stored))
        {
            throw RecordForbidden(action, stored.Id!);
        }
    }

    /// <summary>The records one delete call removes, across objects, so a cycle of cascades or a batch that deletes its own referrers stops.</summary>
    internal sealed class DeletionSet
    {
        private readonly HashSet<(string Object, string Id)> _records = [];

        public void Add(ObjectDefinition definition, string id) => _records.Add((definition.Name, id));

        public bool Contains(ObjectDefinition definition, string id) => _records.Contains((definition.Name, id));
    }
}
