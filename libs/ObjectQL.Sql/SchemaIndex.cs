using System.Security.Cryptography;
using System.Text;
using ObjectQL.Metadata;

namespace ObjectQL.Sql;

/// <summary>An index schema sync keeps: its physical name, its fields and whether it is unique.</summary>
/// <param name="Name">The physical index name (at most 63 bytes, the PostgreSQL limit).</param>
/// <param name="Fields">The indexed fields, in order.</param>
/// <param name="Unique">Whether the index is unique.</param>
public sealed record SchemaIndex(string Name, IReadOnlyList<string> Fields, bool Unique);

/// <summary>Derives the indexes of an object: field-level <c>index</c>/<c>unique</c> and the object's <c>indexes</c>.</summary>
internal static class SchemaIndexes
{
    private const int MaxNameBytes = 63;

    public static IReadOnlyList<SchemaIndex> For(ObjectDefinition definition, SqlDialect dialect)
    {
        var table = definition.StorageName;
        var result = new List<SchemaIndex>();
        foreach (var field in definition.Fields)
        {
            if (field.IsComputed || SystemFields.IsSystemField(field.Name))
            {
                continue;
            }
            if (field.Unique)
            {
                result.Add(new SchemaIndex(Name(table, field.Name, "key"), [field.Name], true));
            }
            else if (field.Index)
            {
                result.Add(new SchemaIndex(Name(table, field.Name, "idx"), [field.Name], false));
            }
        }
        foreach (var index in definition.Indexes)
        {
            result.Add(new SchemaIndex(Name(table, index.Name, index.Unique ? "key" : "idx"), index.Fields, index.Unique));
        }
        return result;
    }

    // PostgreSQL truncates names past 63 bytes, which could make two indexes collide; long names get a hash suffix instead.
    internal static string Name(string table, string name, string suffix)
    {
        var full = $"{table}_{name}_{suffix}";
        if (Encoding.UTF8.GetByteCount(full) <= MaxNameBytes)
        {
            return full;
        }
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(full)))[..12];
        var keep = full;
        while (Encoding.UTF8.GetByteCount(keep) > MaxNameBytes - 13)
        {
            keep = keep[..^1];
        }
        return $"{keep}_{hash}";
    }
}
