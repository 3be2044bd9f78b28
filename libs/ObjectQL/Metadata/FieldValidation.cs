namespace ObjectQL.Metadata;

/// <summary>The <c>validation</c> block of a field.</summary>
public sealed record FieldValidation
{
    /// <summary><c>min_length</c>: the shortest text accepted.</summary>
    public int? MinLength { get; init; }

    /// <summary><c>max_length</c>: the longest text accepted.</summary>
    public int? MaxLength { get; init; }

    /// <summary><c>pattern</c>: a .NET regular expression the whole value must match.</summary>
    public string? Pattern { get; init; }

    /// <summary><c>format</c>: <c>email</c>, <c>url</c>, <c>phone</c>, <c>date</c> or <c>datetime</c>.</summary>
    public string? Format { get; init; }

    /// <summary><c>min</c>: the smallest number accepted.</summary>
    public double? Min { get; init; }

    /// <summary><c>max</c>: the largest number accepted.</summary>
    public double? Max { get; init; }

    /// <summary>The message used instead of the default one.</summary>
    public string? Message { get; init; }
}
