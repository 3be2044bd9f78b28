using ObjectQL.Metadata;

namespace ObjectQL.Sql;

/// <summary>
/// A foreign key schema sync declares: a single-valued <c>lookup</c>/<c>master_detail</c> column that must name an
/// <c>id</c> of <paramref name="Target"/>. See docs/relationships.md for what it guards and what it leaves to the pipeline.
/// </summary>
/// <param name="Name">The constraint name: deterministic, at most 63 bytes (the PostgreSQL limit).</param>
/// <param name="Column">The referring column.</param>
/// <param name="Target">The referenced table.</param>
internal sealed record SqlForeignKey(string Name, SqlColumn Column, SqlTable Target)
{
    /// <summary>
    /// The foreign keys of <paramref name="table"/> whose targets are objects of <paramref name="model"/>. A <c>multiple</c>
    /// lookup (a JSON array) has none; a target outside the model (users of an identity provider) has no table to name.
    /// </summary>
    public static IReadOnlyList<SqlForeignKey> For(SqlTable table, IReadOnlyCollection<SqlTable> model)
    {
        List<SqlForeignKey>? keys = null;
        foreach (var column in table.Columns)
        {
            if (column is { Field: { Type: FieldType.Lookup or FieldType.MasterDetail, Multiple: false, ReferenceTo: { } target } }
                && model.FirstOrDefault(t => string.Equals(t.Definition.Name, target, StringComparison.Ordinal)) is { } referenced)
            {
                (keys ??= []).Add(new SqlForeignKey(SchemaIndexes.Name(table.Definition.StorageName, column.Name, "fkey"), column, referenced));
            }
        }
        return keys ?? (IReadOnlyList<SqlForeignKey>)[];
    }

    /// <summary>
    /// The reference clause: <c>ON DELETE NO ACTION</c> because the pipeline performs <c>deleteBehavior</c>, and deferred to
    /// commit so the pipeline's own order of writes inside a transaction (a batch that refers to itself, a cascade)
    /// never trips it.
    /// </summary>
    public string References() =>
        $"REFERENCES {Target.QuotedName} ({Target.Id.QuotedName}) ON DELETE NO ACTION DEFERRABLE INITIALLY DEFERRED";
}
