using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Security;

namespace ObjectQL.Pipeline;

/// <summary>
/// <see cref="Query.Expand"/> (docs/relationships.md): after a find, the ids of each expanded reference are gathered
/// from every row and the related records read with one find of the target object per expansion (per
/// <see cref="ReferenceChunk"/> ids), through that object's pipeline: its permissions, record rules, hooks and field
/// masking apply as to any read. Nested expansions recurse, one query per level.
/// </summary>
internal sealed partial class ObjectRepository
{
    // The reference behind each expansion, refused before anything is read when a field is not a readable reference.
    private Reference[] ExpansionReferences(PermissionGuard guard, IReadOnlyList<Expansion> expansions)
    {
        var references = new Reference[expansions.Count];
        for (var i = 0; i < references.Length; i++)
        {
            var name = expansions[i].Field;
            var field = Definition.GetField(name);
            references[i] = Database.References.From(Definition).FirstOrDefault(r => r.Field == field)
                ?? throw ObjectQLException.InvalidRequest(
                    ReferenceMap.IsReference(field)
                        ? $"Field '{name}' of '{Definition.Name}' refers to '{field.ReferenceTo}', which is not an object of this database, so it cannot be expanded."
                        : $"Field '{name}' of '{Definition.Name}' is not a lookup or master_detail, so it cannot be expanded.",
                    name, "invalid_expand");
            guard.RequireReadable(new Query { Fields = [name] });
        }
        return references;
    }

    // The query with every expanded field among its fields, so a projection still carries the ids to expand.
    private static Query WithExpandedFields(Query query, IReadOnlyList<Expansion> expansions)
    {
        if (query.Fields is null)
        {
            return query;
        }
        var fields = query.Fields.ToList();
        foreach (var expansion in expansions)
        {
            if (!fields.Contains(expansion.Field))
            {
                fields.Add(expansion.Field);
            }
        }
        return query with { Fields = fields };
    }

    // Rows (as the caller may see them) with each expanded reference replaced by the related record, or null when it is
    // missing, unreadable or filtered out; a multiple lookup becomes the list of the related records found, in its order.
    private async Task<IReadOnlyList<Record>> ExpandAsync(
        IReadOnlyList<Expansion> expansions, Reference[] references, IReadOnlyList<Record> rows, CancellationToken cancellationToken)
    {
        // Copies: a row may be the driver's or an after-hook's own instance.
        var expanded = new Record[rows.Count];
        for (var i = 0; i < expanded.Length; i++)
        {
            expanded[i] = rows[i].Clone();
        }
        for (var e = 0; e < expansions.Count; e++)
        {
            var expansion = expansions[e];
            var field = expansion.Field;
            var wanted = new HashSet<string>(StringComparer.Ordinal);
            foreach (var row in expanded)
            {
                if (row.TryGetValue(field, out var value) && value is not null)
                {
                    wanted.UnionWith(Ids(value));
                }
            }
            var related = await RelatedAsync(references[e].Target, expansion, [.. wanted], cancellationToken).ConfigureAwait(false);
            foreach (var row in expanded)
            {
                if (!row.TryGetValue(field, out var value) || value is null)
                {
                    continue;
                }
                row[field] = value is string id
                    ? related.GetValueOrDefault(id)
                    : Ids(value).Select(related.GetValueOrDefault).OfType<Record>().ToArray();
            }
        }
        return expanded;
    }

    private async Task<Dictionary<string, Record>> RelatedAsync(ObjectDefinition target, Expansion expansion, string[] ids, CancellationToken cancellationToken)
    {
        var related = new Dictionary<string, Record>(ids.Length, StringComparer.Ordinal);
        if (ids.Length == 0)
        {
            return related;
        }
        var repository = new ObjectRepository(_session, target);
        var fields = expansion.Fields is null || expansion.Fields.Contains(SystemFields.Id) ? expansion.Fields : [SystemFields.Id, .. expansion.Fields];
        for (var start = 0; start < ids.Length; start += ReferenceChunk)
        {
            var chunk = ids.Length <= ReferenceChunk ? ids : ids[start..Math.Min(ids.Length, start + ReferenceChunk)];
            var query = new Query
            {
                Where = Restrict(new Filter.Comparison(SystemFields.Id, FilterOperator.In, chunk), expansion.Where),
                Fields = fields,
                Expand = expansion.Expand,
            };
            foreach (var row in await repository.FindAsync(query, cancellationToken).ConfigureAwait(false))
            {
                related[row.Id!] = row;
            }
        }
        return related;
    }
}
