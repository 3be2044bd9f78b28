namespace ObjectQL.Generators.Models;

/// <summary>The kind of a YAML literal.</summary>
internal enum ValueKind
{
    Null,
    String,
    Number,
    Boolean,
    List,
}

/// <summary>A YAML literal (default values, condition values): its kind and its text; a list holds its items.</summary>
internal sealed record ValueSpec(ValueKind Kind, string Text, EquatableArray<ValueSpec> Items)
{
    public static readonly ValueSpec Null = new(ValueKind.Null, "", EquatableArray<ValueSpec>.Empty);

    public static ValueSpec Scalar(ValueKind kind, string text) => new(kind, text, EquatableArray<ValueSpec>.Empty);
}
