using ObjectQL.Metadata;

namespace ObjectQL.Querying;

/// <summary>
/// A typed handle on one field of <typeparamref name="TEntity"/>, generated as <c>TodoItem.Fields.Done</c>.
/// Its methods build the same AST nodes the JSON readers produce.
/// </summary>
/// <typeparam name="TEntity">The entity the field belongs to.</typeparam>
/// <typeparam name="TValue">The field's C# type (non-nullable form).</typeparam>
public sealed class FieldDescriptor<TEntity, TValue>
    where TEntity : class, IEntity<TEntity>
{
    private readonly Func<TValue, object?> _toCanonical;

    /// <summary>Creates a descriptor; <paramref name="toCanonical"/> maps a C# value to the canonical record value (for example an enum to its option value).</summary>
    public FieldDescriptor(string name, Func<TValue, object?>? toCanonical = null)
    {
        Name = name;
        _toCanonical = toCanonical ?? (static value => value);
    }

    /// <summary>The stored field name.</summary>
    public string Name { get; }

    /// <summary>The field's definition.</summary>
    public FieldDefinition? Definition => TEntity.Definition.FindField(Name);

    /// <summary>The field equals <paramref name="value"/>.</summary>
    public Filter Eq(TValue value) => Compare(FilterOperator.Eq, value);

    /// <summary>The field does not equal <paramref name="value"/>.</summary>
    public Filter Ne(TValue value) => Compare(FilterOperator.Ne, value);

    /// <summary>The field is greater than <paramref name="value"/>.</summary>
    public Filter Gt(TValue value) => Compare(FilterOperator.Gt, value);

    /// <summary>The field is greater than or equal to <paramref name="value"/>.</summary>
    public Filter Gte(TValue value) => Compare(FilterOperator.Gte, value);

    /// <summary>The field is less than <paramref name="value"/>.</summary>
    public Filter Lt(TValue value) => Compare(FilterOperator.Lt, value);

    /// <summary>The field is less than or equal to <paramref name="value"/>.</summary>
    public Filter Lte(TValue value) => Compare(FilterOperator.Lte, value);

    /// <summary>The field is between <paramref name="low"/> and <paramref name="high"/>, both included.</summary>
    public Filter Between(TValue low, TValue high) =>
        new Filter.Comparison(Name, FilterOperator.Between, new object?[] { _toCanonical(low), _toCanonical(high) });

    /// <summary>The field is one of <paramref name="values"/>.</summary>
    public Filter In(params IEnumerable<TValue> values) => new Filter.Comparison(Name, FilterOperator.In, Canonical(values));

    /// <summary>The field is none of <paramref name="values"/>.</summary>
    public Filter NotIn(params IEnumerable<TValue> values) => new Filter.Comparison(Name, FilterOperator.Nin, Canonical(values));

    /// <summary>The field is null.</summary>
    public Filter IsNull() => new Filter.Comparison(Name, FilterOperator.Null, true);

    /// <summary>The field is not null.</summary>
    public Filter IsNotNull() => new Filter.Comparison(Name, FilterOperator.Null, false);

    /// <summary>The text field contains <paramref name="text"/> (case-sensitive, see docs/querying.md).</summary>
    public Filter Contains(string text) => new Filter.Comparison(Name, FilterOperator.Contains, text);

    /// <summary>The text field starts with <paramref name="text"/>.</summary>
    public Filter StartsWith(string text) => new Filter.Comparison(Name, FilterOperator.StartsWith, text);

    /// <summary>The text field ends with <paramref name="text"/>.</summary>
    public Filter EndsWith(string text) => new Filter.Comparison(Name, FilterOperator.EndsWith, text);

    /// <summary>Sort by this field, smallest first.</summary>
    public SortSpec Asc() => new(Name, SortDirection.Ascending);

    /// <summary>Sort by this field, largest first.</summary>
    public SortSpec Desc() => new(Name, SortDirection.Descending);

    /// <inheritdoc />
    public override string ToString() => Name;

    private Filter Compare(FilterOperator op, TValue value) => new Filter.Comparison(Name, op, _toCanonical(value));

    private object?[] Canonical(IEnumerable<TValue> values) => values.Select(_toCanonical).ToArray();
}
