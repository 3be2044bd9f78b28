using ObjectQL.Metadata;

namespace ObjectQL.Querying;

/// <summary>
/// A typed handle on one field of <typeparamref name="TEntity"/>, generated as <c>TodoItem.Fields.Done</c>.
/// Its methods build the same AST nodes the JSON readers produce.
/// </summary>
/// <typeparam name="TEntity">The entity the field belongs to.</typeparam>
/// <typeparam name="TValue">The field's C# type (non-nullable form).</typeparam>
public sealed class FieldDescriptor<TEntity, TValue> : IFieldDescriptor<TEntity>
    where TEntity : class, IEntity<TEntity>
{
    private readonly Func<TValue, object?> _toCanonical;
    private readonly Func<object, TValue>? _fromCanonical;
    private Dictionary<object, TValue>? _enumValues;

    /// <summary>Creates a descriptor; <paramref name="toCanonical"/> maps a C# value to the canonical record value (for example an enum to its option value).</summary>
    public FieldDescriptor(string name, Func<TValue, object?>? toCanonical = null)
        : this(name, toCanonical, null)
    {
    }

    /// <summary>
    /// Creates a descriptor with both directions: <paramref name="toCanonical"/> maps a C# value to the canonical record
    /// value, <paramref name="fromCanonical"/> maps a canonical value back (used by <see cref="FromCanonical"/>).
    /// </summary>
    public FieldDescriptor(string name, Func<TValue, object?>? toCanonical, Func<object, TValue>? fromCanonical)
    {
        Name = name;
        _toCanonical = toCanonical ?? (static value => value);
        _fromCanonical = fromCanonical;
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

    /// <summary>The canonical record value of <paramref name="value"/> (an enum becomes its option value).</summary>
    public object? ToCanonical(TValue value) => _toCanonical(value);

    /// <summary>
    /// The C# value of a canonical record value of this field: through the descriptor's own mapping when it has one,
    /// otherwise the value itself, a numeric conversion, or (for an enum) the member whose option value it is.
    /// </summary>
    /// <exception cref="ObjectQLException"><see cref="ErrorCodes.InvalidRequest"/> when the value has no <typeparamref name="TValue"/> form.</exception>
    public TValue FromCanonical(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (_fromCanonical is not null)
        {
            return _fromCanonical(value);
        }
        if (value is TValue typed)
        {
            return typed;
        }
        if (typeof(TValue).IsEnum)
        {
            if (EnumValues().TryGetValue(value, out var member))
            {
                return member;
            }
        }
        else if (TryConvertNumber(value, out var number))
        {
            return number;
        }
        throw ObjectQLException.InvalidRequest(
            $"The value {value} of field '{Name}' has no {typeof(TValue).Name} form.", Name, "invalid_value");
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    // Enum members are found by mapping each one forward, so the option values stay defined in one place (toCanonical).
    private Dictionary<object, TValue> EnumValues()
    {
        if (_enumValues is { } cached)
        {
            return cached;
        }
        var map = new Dictionary<object, TValue>();
        foreach (var underlying in Enum.GetValuesAsUnderlyingType(typeof(TValue)))
        {
            var member = (TValue)Enum.ToObject(typeof(TValue), underlying!);
            if (_toCanonical(member) is { } canonical)
            {
                map.TryAdd(canonical, member);
            }
        }
        return _enumValues = map;
    }

    // Numbers convert only when nothing is lost: a fraction never becomes a whole number, an overflow is no value.
    private static bool TryConvertNumber(object value, out TValue result)
    {
        result = default!;
        // Beyond decimal's range (about 7.9e28) a double has no exact decimal and no whole-number form either.
        decimal? parsed = value switch
        {
            double d when double.IsFinite(d) && Math.Abs(d) < 7.9e28 => (decimal)d,
            float f when float.IsFinite(f) && Math.Abs(f) < 7.9e28f => (decimal)f,
            decimal m => m,
            long l => l,
            int i => i,
            short h => h,
            _ => null,
        };
        if (parsed is not { } number)
        {
            return false;
        }
        var whole = decimal.Truncate(number) == number;
        object? converted = default(TValue) switch
        {
            long when whole && number is >= long.MinValue and <= long.MaxValue => (long)number,
            int when whole && number is >= int.MinValue and <= int.MaxValue => (int)number,
            short when whole && number is >= short.MinValue and <= short.MaxValue => (short)number,
            double => value is double ? value : (double)number,
            float => (float)number,
            decimal => number,
            _ => null,
        };
        if (converted is TValue typed)
        {
            result = typed;
            return true;
        }
        return false;
    }

    private Filter Compare(FilterOperator op, TValue value) => new Filter.Comparison(Name, op, _toCanonical(value));

    private object?[] Canonical(IEnumerable<TValue> values) => values.Select(_toCanonical).ToArray();
}
