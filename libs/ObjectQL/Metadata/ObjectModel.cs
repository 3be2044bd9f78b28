namespace ObjectQL.Metadata;

/// <summary>
/// Every object definition of an application. The generator emits one per project (<c>AppModel.Objects</c>),
/// so nothing parses YAML at run time.
/// </summary>
public sealed class ObjectModel
{
    private readonly Dictionary<string, ObjectDefinition> _byName;

    /// <summary>Creates a model; object names must be unique.</summary>
    public ObjectModel(IEnumerable<ObjectDefinition> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        _byName = new(StringComparer.Ordinal);
        var list = new List<ObjectDefinition>();
        foreach (var definition in objects)
        {
            if (!_byName.TryAdd(definition.Name, definition))
            {
                throw new ArgumentException($"Object '{definition.Name}' is defined twice.", nameof(objects));
            }
            list.Add(definition);
        }
        Objects = list;
    }

    /// <summary>The objects, in the order given.</summary>
    public IReadOnlyList<ObjectDefinition> Objects { get; }

    /// <summary>Finds an object by name.</summary>
    public ObjectDefinition? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>Gets an object by name or throws <see cref="ErrorCodes.NotFound"/> naming it.</summary>
    public ObjectDefinition Get(string name) =>
        Find(name) ?? throw ObjectQLException.NotFound($"Unknown object '{name}'.");
}
