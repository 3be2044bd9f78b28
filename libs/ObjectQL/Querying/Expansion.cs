namespace ObjectQL.Querying;

/// <summary>
/// One entry of <see cref="Query.Expand"/>: a <c>lookup</c> or <c>master_detail</c> field whose value comes back as the
/// referenced record (a list of records for a <c>multiple</c> lookup) instead of its id. The related records are read
/// through the target object's pipeline, with one query per expansion per level (docs/relationships.md).
/// </summary>
public sealed record Expansion
{
    /// <summary>Expands <paramref name="field"/>.</summary>
    public Expansion(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        Field = field;
    }

    /// <summary>The reference field of the queried object.</summary>
    public string Field { get; }

    /// <summary>The fields of the related record returned; null returns every field.</summary>
    public IReadOnlyList<string>? Fields { get; init; }

    /// <summary>A filter on the related records: a related record that does not match comes back as null (left out of a list).</summary>
    public Filter? Where { get; init; }

    /// <summary>Expansions of the related records' own references.</summary>
    public IReadOnlyList<Expansion> Expand { get; init; } = [];

    /// <inheritdoc />
    public bool Equals(Expansion? other) =>
        other is not null
        && Field == other.Field
        && (Fields is null ? other.Fields is null : other.Fields is not null && Fields.SequenceEqual(other.Fields))
        && Equals(Where, other.Where)
        && Expand.SequenceEqual(other.Expand);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Field, Where);
}
