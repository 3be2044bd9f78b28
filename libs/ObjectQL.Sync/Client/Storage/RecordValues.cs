using System.Text.Json;
using ObjectQL.Metadata;
using ObjectQL.Sync.Protocol;
using ObjectQL.Values;

namespace ObjectQL.Sync.Client.Storage;

// Record values to wire JSON and back, by the object's field types (the one conversion of the core, RFC 3.8).
internal static class RecordValues
{
    // The declared, stored fields of a record as JSON; system fields are the server's to stamp (RFC 3.2).
    public static Dictionary<string, JsonElement> ToJson(ObjectDefinition definition, Record record)
    {
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var field in definition.Fields)
        {
            if (!field.IsComputed && record.TryGetValue(field.Name, out var value))
            {
                values[field.Name] = CanonicalValues.ToJsonElement(value);
            }
        }
        return values;
    }

    // A wire record as record values: fields this client's schema does not know, computed fields and system fields
    // other than the id are left out (the local pipeline stamps its own).
    public static Record ToRecord(ObjectDefinition definition, IReadOnlyDictionary<string, JsonElement> values)
    {
        var record = new Record(values.Count);
        foreach (var (name, value) in values)
        {
            if (definition.FindField(name) is { IsComputed: false } && !SystemFields.IsSystemField(name))
            {
                record[name] = CanonicalValues.FromJson(FieldShape.Get(definition, name), value);
            }
        }
        return record;
    }

    // The record a wire image converts to, or null when it holds a value this schema cannot take.
    public static Dictionary<string, JsonElement> Convert(ObjectDefinition definition, IReadOnlyDictionary<string, JsonElement> values)
    {
        var converted = new Dictionary<string, JsonElement>(values.Count, StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            if (definition.FindField(name) is { IsComputed: false } || SystemFields.IsSystemField(name))
            {
                converted[name] = SyncValues.Convert(FieldShape.Get(definition, name), value);
            }
        }
        return converted;
    }

    // The fields of a wire image this schema stores (declared, not computed) and the system fields, values as given.
    public static Dictionary<string, JsonElement> Known(ObjectDefinition definition, IReadOnlyDictionary<string, JsonElement> values)
    {
        var known = new Dictionary<string, JsonElement>(values.Count, StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            if (definition.FindField(name) is { IsComputed: false } || SystemFields.IsSystemField(name))
            {
                known[name] = value;
            }
        }
        return known;
    }

    public static bool SameValues(ObjectDefinition definition, Record? stored, Record? wanted)
    {
        if (stored is null || wanted is null)
        {
            return stored is null && wanted is null;
        }
        foreach (var field in definition.Fields)
        {
            if (field.IsComputed)
            {
                continue;
            }
            if (!CanonicalValues.EqualityComparer.Equals(stored[field.Name], wanted[field.Name]))
            {
                return false;
            }
        }
        return true;
    }
}
