using ObjectQL.Metadata;
using ObjectQL.Values;

namespace ObjectQL.Querying;

/// <summary>
/// Where queries may name computed fields (docs/computed-fields.md): any computed field in a projection; a formula
/// with an SQL form in filters and sorts; nothing computed in groupBy, aggregations or distinct.
/// </summary>
internal static class ComputedQueries
{
    /// <summary>The shape of a field named in <c>fields</c>: stored or computed.</summary>
    public static FieldShape Projected(ObjectDefinition definition, string name) =>
        FieldShape.Find(definition, name) is { Definition.IsComputed: true } shape ? shape : FieldShape.Get(definition, name);

    /// <summary>
    /// The shape of a field filtered or sorted on. A formula without an SQL form, or a summary, is a
    /// <see cref="ErrorCodes.ValidationError"/> naming the field.
    /// </summary>
    public static FieldShape Filtered(ObjectDefinition definition, string name, string use)
    {
        if (FieldShape.Find(definition, name) is not { Definition.IsComputed: true } shape)
        {
            return FieldShape.Get(definition, name);
        }
        var field = shape.Definition!;
        if (field.Formula is { Sql: not null })
        {
            return shape;
        }
        var why = field.Type == FieldType.Summary
            ? "it is a summary field, computed from other records after the query"
            : "its formula uses something without an identical SQL form (see docs/computed-fields.md)";
        var message = $"Field '{name}' of '{definition.Name}' cannot be used to {use}: {why}.";
        throw new ObjectQLException(ErrorCodes.ValidationError, message, [new ErrorDetail(name, message, "computed_field")]);
    }
}
