using System.Collections.Generic;
using ObjectQL.Generators.Parsing;
using ObjectQL.Metadata;
using ValueKind = ObjectQL.Values.ValueKind;

namespace ObjectQL.Generators.Emit;

/// <summary>
/// A system field as an entity property, in the runtime's <c>SystemFields.All</c> order (also the row slot order).
/// <c>_version</c> is a <c>long</c> that is 0 before the first write; the others are nullable.
/// </summary>
internal sealed class SystemProperty
{
    private SystemProperty(string name)
    {
        Name = name;
        Property = Names.ToPascalCase(name);
        Kind = Values.FieldKinds.OfSystemField(name)!.Value;
        Type = FieldShape.ClrType(Kind);
        IsVersion = name == SystemFields.Version;
    }

    public static IReadOnlyList<SystemProperty> All { get; } = Create();

    /// <summary>The stored name, e.g. <c>created_at</c>.</summary>
    public string Name { get; }

    /// <summary>The property name, e.g. <c>CreatedAt</c>.</summary>
    public string Property { get; }

    public ValueKind Kind { get; }

    /// <summary>The C# type of a value, without the nullable mark.</summary>
    public string Type { get; }

    public bool IsVersion { get; }

    /// <summary>The property type: nullable, except for the version.</summary>
    public string PropertyType => IsVersion ? Type : Type + "?";

    /// <summary>What the property holds when the field is null or absent.</summary>
    public string Empty => IsVersion ? "0L" : "null";

    /// <summary>The XML summary of the property.</summary>
    public string Summary => $"{Meaning} (<c>{Name}</c>)" + (IsVersion ? ", incremented on every write; 0 before the first write." : ".");

    private string Meaning => Name switch
    {
        SystemFields.Id => "The record id",
        SystemFields.CreatedAt => "When the record was created",
        SystemFields.UpdatedAt => "When the record was last changed",
        SystemFields.CreatedBy => "Who created the record",
        SystemFields.UpdatedBy => "Who last changed the record",
        SystemFields.Version => "The record version",
        _ => "A system field",
    };

    private static IReadOnlyList<SystemProperty> Create()
    {
        var all = new List<SystemProperty>();
        foreach (var name in SystemFields.All)
        {
            all.Add(new SystemProperty(name));
        }
        return all;
    }
}
