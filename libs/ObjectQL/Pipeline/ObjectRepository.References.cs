using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Security;

namespace ObjectQL.Pipeline;

/// <summary>
/// Reference integrity (docs/relationships.md): every <c>lookup</c> and <c>master_detail</c> value a write stores must
/// name an existing record of the target object that the writer may read, checked with one query per target object for
/// the whole batch.
/// </summary>
internal sealed partial class ObjectRepository
{
    // Distinct ids per existence query: one query per target object for any ordinary batch, and far below every store's
    // limit on bound parameters.
    private const int ReferenceChunk = 1000;

    // Changes a sync client applies were checked by the server that accepted them, and a partial replica may well lack
    // their targets (objects it does not pull, records it may not read); they are applied as the server sent them.
    private static bool AppliesRemote(ObjectQLSession session) => session.Origin is { AppliesRemoteChange: true };

    /// <summary>True when writes to this object must check references (the typed fast path then steps aside).</summary>
    private bool ChecksReferences => Database.References.From(Definition).Count > 0;

    /// <summary>
    /// Throws <see cref="ErrorCodes.ValidationError"/> naming the field when a reference value of <paramref name="written"/>
    /// (whole records or patches) names no readable record of its target. Records of the same batch count as existing.
    /// </summary>
    private async ValueTask CheckReferencesAsync(ObjectQLSession session, IReadOnlyList<Record> written, CancellationToken cancellationToken)
    {
        var references = Database.References.From(Definition);
        if (references.Count == 0 || AppliesRemote(session))
        {
            return;
        }
        // Per target object: each wanted id and the first field that named it (the error names that field).
        var wanted = new Dictionary<string, (ObjectDefinition Target, Dictionary<string, string> FieldById)>(StringComparer.Ordinal);
        HashSet<string>? batchIds = null;
        foreach (var reference in references)
        {
            foreach (var record in written)
            {
                if (!record.TryGetValue(reference.Field.Name, out var value) || value is null)
                {
                    continue;
                }
                if (!wanted.TryGetValue(reference.Target.Name, out var entry))
                {
                    wanted[reference.Target.Name] = entry = (reference.Target, new Dictionary<string, string>(StringComparer.Ordinal));
                }
                foreach (var id in Ids(value))
                {
                    if (reference.Target == Definition && (batchIds ??= BatchIds(written)).Contains(id))
                    {
                        continue;
                    }
                    entry.FieldById.TryAdd(id, reference.Field.Name);
                }
            }
        }
        List<ErrorDetail>? errors = null;
        foreach (var (target, fieldById) in wanted.Values)
        {
            if (fieldById.Count == 0)
            {
                continue;
            }
            var found = await ReadableIdsAsync(session, target, [.. fieldById.Keys], cancellationToken).ConfigureAwait(false);
            foreach (var (id, field) in fieldById)
            {
                if (!found.Contains(id))
                {
                    (errors ??= []).Add(new ErrorDetail(field, $"No '{target.Name}' record with id '{id}' exists that you may read.", "invalid_reference"));
                }
            }
        }
        if (errors is not null)
        {
            ThrowIfInvalid(errors);
        }
    }

    // The ids among these that name a record of target the session may read (record rules and tenant as for any read).
    private async Task<HashSet<string>> ReadableIdsAsync(ObjectQLSession session, ObjectDefinition target, string[] ids, CancellationToken cancellationToken)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var guard = new PermissionGuard(target, session.Context, Database.PermissionSettings);
        if (!guard.AllowsObject(PermissionAction.Read))
        {
            return found;
        }
        for (var start = 0; start < ids.Length; start += ReferenceChunk)
        {
            var chunk = ids.Length <= ReferenceChunk ? ids : ids[start..Math.Min(ids.Length, start + ReferenceChunk)];
            var query = new Query
            {
                Where = Restrict(new Filter.Comparison(SystemFields.Id, FilterOperator.In, chunk), guard.RowFilter(PermissionAction.Read)),
                Fields = [SystemFields.Id],
            };
            foreach (var row in await Driver.FindAsync(target, query, session.Transaction, cancellationToken).ConfigureAwait(false))
            {
                found.Add(row.Id!);
            }
        }
        return found;
    }

    private static HashSet<string> BatchIds(IReadOnlyList<Record> written)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in written)
        {
            if (record.Id is { } id)
            {
                ids.Add(id);
            }
        }
        return ids;
    }

    // The ids a canonical reference value holds: one for a lookup, each element for a multiple lookup.
    private static IEnumerable<string> Ids(object value) => value switch
    {
        string id => [id],
        IEnumerable<string> ids => ids,
        _ => [],
    };
}
