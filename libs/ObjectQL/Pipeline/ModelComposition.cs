using ObjectQL.Metadata;

namespace ObjectQL.Pipeline;

/// <summary>Builds one database's model from its models and its plugins' system objects, refusing any double claim.</summary>
internal static class ModelComposition
{
    public static ObjectModel Compose(IReadOnlyList<ObjectModel> models, IReadOnlyList<IObjectQLPlugin> plugins)
    {
        var pluginNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var plugin in plugins)
        {
            if (!pluginNames.Add(plugin.Name))
            {
                throw ObjectQLException.InvalidRequest($"Two plugins are named '{plugin.Name}'; a database takes each plugin once.", null, "duplicate_plugin");
            }
        }
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        // Table names compare without case: SQLite folds identifiers, so two spellings would still share one table.
        var tables = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var objects = new List<ObjectDefinition>();
        for (var i = 0; i < models.Count; i++)
        {
            foreach (var definition in models[i].Objects)
            {
                Claim(definition, $"model {i + 1}", owners, tables);
                objects.Add(definition);
            }
        }
        foreach (var plugin in plugins)
        {
            foreach (var definition in plugin.SystemObjects)
            {
                var owner = $"plugin '{plugin.Name}'";
                if (!definition.IsSystem || definition.Sync is { Enabled: true })
                {
                    throw ObjectQLException.InvalidRequest(
                        $"Object '{definition.Name}' of {owner} must be a system object (IsSystem) without sync: plugin objects are reachable only through the system context and never synced.",
                        definition.Name, "invalid_system_object");
                }
                Claim(definition, owner, owners, tables);
                objects.Add(definition);
            }
        }
        // The common case keeps the caller's model instance.
        return models.Count == 1 && objects.Count == models[0].Objects.Count ? models[0] : new ObjectModel(objects);
    }

    private static void Claim(ObjectDefinition definition, string owner, Dictionary<string, string> owners, Dictionary<string, string> tables)
    {
        if (!owners.TryAdd(definition.Name, owner))
        {
            throw ObjectQLException.InvalidRequest(
                $"Object '{definition.Name}' is defined by {owners[definition.Name]} and by {owner}; every object name must be unique in a database.",
                definition.Name, "duplicate_object");
        }
        if (!tables.TryAdd(definition.StorageName, $"'{definition.Name}' of {owner}"))
        {
            throw ObjectQLException.InvalidRequest(
                $"Table '{definition.StorageName}' is claimed by {tables[definition.StorageName]} and by '{definition.Name}' of {owner}; every object needs a table of its own.",
                definition.Name, "duplicate_table");
        }
    }
}
