using System.Collections.Immutable;
using ObjectQL.Metadata;
using ObjectQL.Values;

namespace ObjectQL.Drivers.Memory;

public sealed partial class MemoryDriver
{
    // The memory store's stand-in for SQL unique indexes: unique fields and unique indexes over non-null values.
    private static void CheckUnique(ObjectDefinition definition, ImmutableDictionary<string, Record> table, Record candidate)
    {
        foreach (var field in definition.Fields)
        {
            if (field.Unique)
            {
                CheckUnique(definition, table, candidate, [field.Name]);
            }
        }
        foreach (var index in definition.Indexes)
        {
            if (index.Unique)
            {
                CheckUnique(definition, table, candidate, index.Fields);
            }
        }
    }

    private static void CheckUnique(ObjectDefinition definition, ImmutableDictionary<string, Record> table, Record candidate, IReadOnlyList<string> fields)
    {
        if (fields.Any(f => candidate[f] is null))
        {
            return;
        }
        foreach (var (id, row) in table)
        {
            if (id != candidate.Id && fields.All(f => CanonicalValues.Equals(row[f], candidate[f])))
            {
                throw ObjectQLException.UniqueConflict(definition.Name, fields);
            }
        }
    }
}
