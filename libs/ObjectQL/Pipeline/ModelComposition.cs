using ObjectQL.Drivers;
using ObjectQL.Metadata;

namespace ObjectQL.Pipeline;

/// <summary>
/// Builds one database's model from its models and its plugins' system objects, refusing any double claim and any table
/// the driver keeps for itself.
/// </summary>
internal static class ModelComposition
{
    public static ObjectModel Compose(IReadOnlyList<ObjectModel> models, IReadOnlyList<IObjectQLPlugin> plugins, IObjectQLDriver driver)
    {
        var pluginNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var plugin in plugins)
        {
            if (!pluginNames.Add(plugin.Name))
            {
                throw ObjectQLException.InvalidRequest($"Two plugins are named '{plugin.Name}'; a database takes each plugin once.", null, "duplicate_plugin");
            }
        }
        var claims = new Claims(driver);
        var objects = new List<ObjectDefinition>();
        for (var i = 0; i < models.Count; i++)
        {
            foreach (var definition in models[i].Objects)
            {
                claims.Claim(definition, $"model {i + 1}");
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
                claims.Claim(definition, owner);
                objects.Add(definition);
            }
        }
        // The common case keeps the caller's model instance.
        return models.Count == 1 && objects.Count == models[0].Objects.Count ? models[0] : new ObjectModel(objects);
    }

    // Who holds each object name and table so far.
    private sealed class Claims(IObjectQLDriver driver)
    {
        private readonly Dictionary<string, string> _owners = new(StringComparer.Ordinal);

        // Table names compare without case: SQLite folds identifiers, so two spellings would still share one table.
        private readonly Dictionary<string, string> _tables = new(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> _reserved = new(DriverCapabilities.InternalTablesOf(driver), StringComparer.OrdinalIgnoreCase);

        public void Claim(ObjectDefinition definition, string owner)
        {
            if (!_owners.TryAdd(definition.Name, owner))
            {
                throw ObjectQLException.InvalidRequest(
                    $"Object '{definition.Name}' is defined by {_owners[definition.Name]} and by {owner}; every object name must be unique in a database.",
                    definition.Name, "duplicate_object");
            }
            if (_reserved.Contains(definition.StorageName))
            {
                throw ObjectQLException.InvalidRequest(
                    $"Table '{definition.StorageName}' of '{definition.Name}' ({owner}) is one the {driver.Name} driver keeps for itself; give the object another table name (TableName).",
                    definition.Name, "reserved_table");
            }
            if (!_tables.TryAdd(definition.StorageName, $"'{definition.Name}' of {owner}"))
            {
                throw ObjectQLException.InvalidRequest(
                    $"Table '{definition.StorageName}' is claimed by {_tables[definition.StorageName]} and by '{definition.Name}' of {owner}; every object needs a table of its own.",
                    definition.Name, "duplicate_table");
            }
        }
    }
}
