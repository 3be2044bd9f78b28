using ObjectQL.Metadata;
using ObjectQL.Querying;

namespace ObjectQL;

public partial class Repository<TEntity>
{
    // Related ids per query, as the untyped expand reads them.
    private const int IncludeChunk = 1000;

    /// <summary>
    /// The typed include (docs/relationships.md): the entities matching <paramref name="query"/>, each with the
    /// <typeparamref name="TRelated"/> entity its <paramref name="reference"/> field names, read from
    /// <paramref name="related"/> with one query for the whole page (per 1,000 ids), through that repository's pipeline:
    /// a related record the caller may not read comes back as null. <c>var rows = await db.TodoItems().FindAsync(query,
    /// TodoItem.Fields.Owner, db.Users())</c> gives <c>rows[i].Entity</c> and <c>rows[i].Related</c> (a <c>User</c>).
    /// A <paramref name="reference"/> that is not a lookup or master_detail of <typeparamref name="TRelated"/>'s object is
    /// <see cref="ErrorCodes.InvalidRequest"/>.
    /// </summary>
    public async Task<IReadOnlyList<Included<TEntity, TRelated>>> FindAsync<TRelated>(
        Query query, IFieldDescriptor<TEntity> reference, Repository<TRelated> related, CancellationToken cancellationToken = default)
        where TRelated : class, IEntity<TRelated>
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(related);
        var field = Definition.GetField(reference.Name);
        if (field.Type is not (FieldType.Lookup or FieldType.MasterDetail) || field.ReferenceTo != TRelated.Definition.Name)
        {
            throw ObjectQLException.InvalidRequest(
                $"Field '{field.Name}' of '{Definition.Name}' is not a reference to '{TRelated.Definition.Name}', so it cannot include {typeof(TRelated).Name}.",
                field.Name, "invalid_expand");
        }
        if (query.Fields is { } fields && !fields.Contains(field.Name))
        {
            query = query with { Fields = [.. fields, field.Name] };
        }
        var entities = await FindAsync(query, cancellationToken).ConfigureAwait(false);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entity in entities)
        {
            ids.UnionWith(IdsOf(entity, field.Name));
        }
        var byId = new Dictionary<string, TRelated>(ids.Count, StringComparer.Ordinal);
        var all = ids.ToArray();
        for (var start = 0; start < all.Length; start += IncludeChunk)
        {
            var chunk = all[start..Math.Min(all.Length, start + IncludeChunk)];
            var where = new Filter.Comparison(SystemFields.Id, FilterOperator.In, chunk);
            foreach (var entity in await related.FindAsync(new Query { Where = where }, cancellationToken).ConfigureAwait(false))
            {
                byId[entity.Id!] = entity;
            }
        }
        var rows = new Included<TEntity, TRelated>[entities.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            var found = IdsOf(entities[i], field.Name).Select(byId.GetValueOrDefault).OfType<TRelated>().ToArray();
            rows[i] = field.Multiple
                ? new Included<TEntity, TRelated>(entities[i], null, found)
                : new Included<TEntity, TRelated>(entities[i], found.FirstOrDefault(), []);
        }
        return rows;
    }

    private static IEnumerable<string> IdsOf(TEntity entity, string field) =>
        entity.TryGetField(field, out var value) ? value switch
        {
            string id => [id],
            IEnumerable<string> list => list,
            _ => [],
        } : [];
}
