namespace ObjectQL.Querying;

/// <summary>A node of the canonical filter AST (<c>where</c>). Every JSON form and every typed filter becomes this.</summary>
public abstract record Filter
{
    private protected Filter()
    {
    }

    /// <summary>Both filters must hold.</summary>
    public static Filter operator &(Filter left, Filter right) => And.Of(left, right);

    /// <summary>Either filter must hold.</summary>
    public static Filter operator |(Filter left, Filter right) => Or.Of(left, right);

    /// <summary>The filter must not hold.</summary>
    public static Filter operator !(Filter operand) => new Not(operand);

    /// <summary>A comparison of one field with a value.</summary>
    /// <param name="Field">The stored field name.</param>
    /// <param name="Operator">The operator.</param>
    /// <param name="Value">The canonical operand: a scalar, a list for <c>In</c>/<c>Nin</c>/<c>Between</c>, a bool for <c>Null</c>/<c>Exists</c>.</param>
    public sealed record Comparison(string Field, FilterOperator Operator, object? Value) : Filter
    {
        /// <inheritdoc />
        /// <remarks>Operands compare by value, so lists (<c>In</c>, <c>Between</c>) equal element-wise.</remarks>
        public bool Equals(Comparison? other) =>
            other is not null
            && string.Equals(Field, other.Field, StringComparison.Ordinal)
            && Operator == other.Operator
            && Values.CanonicalValues.Equals(Value, other.Value);

        /// <inheritdoc />
        public override int GetHashCode() => HashCode.Combine(Field, Operator, Values.CanonicalValues.GetHashCode(Value));
    }

    /// <summary>All operands must hold; an empty list matches everything.</summary>
    public sealed record And(IReadOnlyList<Filter> Operands) : Filter
    {
        /// <summary>Builds a conjunction, flattening nested ones.</summary>
        public static And Of(params Filter[] operands) => new(Flatten<And>(operands, a => a.Operands));

        /// <inheritdoc />
        public bool Equals(And? other) => other is not null && Operands.SequenceEqual(other.Operands);

        /// <inheritdoc />
        public override int GetHashCode() => Operands.Count;
    }

    /// <summary>At least one operand must hold; an empty list matches nothing.</summary>
    public sealed record Or(IReadOnlyList<Filter> Operands) : Filter
    {
        /// <summary>Builds a disjunction, flattening nested ones.</summary>
        public static Or Of(params Filter[] operands) => new(Flatten<Or>(operands, o => o.Operands));

        /// <inheritdoc />
        public bool Equals(Or? other) => other is not null && Operands.SequenceEqual(other.Operands);

        /// <inheritdoc />
        public override int GetHashCode() => Operands.Count;
    }

    /// <summary>The operand must not hold.</summary>
    public sealed record Not(Filter Operand) : Filter;

    private static Filter[] Flatten<T>(Filter[] operands, Func<T, IReadOnlyList<Filter>> children)
        where T : Filter
    {
        var flat = new List<Filter>(operands.Length);
        foreach (var operand in operands)
        {
            if (operand is T same)
            {
                flat.AddRange(children(same));
            }
            else
            {
                flat.Add(operand);
            }
        }
        return [.. flat];
    }
}
