using ObjectQL.Metadata;

namespace ObjectQL.Pipeline;

/// <summary>One <c>lookup</c> or <c>master_detail</c> field whose target object is part of the model.</summary>
/// <param name="Source">The object declaring the field.</param>
/// <param name="Field">The field.</param>
/// <param name="Target">The object it refers to.</param>
internal sealed record Reference(ObjectDefinition Source, FieldDefinition Field, ObjectDefinition Target);

/// <summary>
/// The model's references, both ways, built once when the database opens. A field whose target is not an object of
/// the model (users kept by an identity provider, say) is not listed: there is nothing to check it against.
/// </summary>
internal sealed class ReferenceMap
{
    private readonly Dictionary<string, Reference[]> _from;
    private readonly Dictionary<string, Reference[]> _to;

    public ReferenceMap(ObjectModel model)
    {
        var all = new List<Reference>();
        foreach (var source in model.Objects)
        {
            foreach (var field in source.Fields)
            {
                if (IsReference(field) && model.Find(field.ReferenceTo!) is { } target)
                {
                    all.Add(new Reference(source, field, target));
                }
            }
        }
        _from = all.GroupBy(static r => r.Source.Name, StringComparer.Ordinal).ToDictionary(static g => g.Key, static g => g.ToArray(), StringComparer.Ordinal);
        _to = all.GroupBy(static r => r.Target.Name, StringComparer.Ordinal).ToDictionary(static g => g.Key, static g => g.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>True for a stored <c>lookup</c> or <c>master_detail</c> field with a <c>reference_to</c>.</summary>
    public static bool IsReference(FieldDefinition field) =>
        field is { Type: FieldType.Lookup or FieldType.MasterDetail, ReferenceTo: not null };

    /// <summary>The references declared by <paramref name="source"/>.</summary>
    public IReadOnlyList<Reference> From(ObjectDefinition source) => _from.GetValueOrDefault(source.Name) ?? [];

    /// <summary>The references that point at <paramref name="target"/>.</summary>
    public IReadOnlyList<Reference> To(ObjectDefinition target) => _to.GetValueOrDefault(target.Name) ?? [];
}
