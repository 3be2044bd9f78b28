using System.Collections.Generic;

namespace ObjectQL.Metadata;

// The source generator compiles this file too (see generators/ObjectQL.Generators/ObjectQL.Generators.csproj), so the
// generated entities and the runtime name the same fields in the same order. It must build for netstandard2.0.

/// <summary>The fields every record has, whatever its object declares.</summary>
public static class SystemFields
{
    /// <summary>The primary key: a UUIDv7 string unless the caller gives one.</summary>
    public const string Id = "id";
    /// <summary>When the record was created.</summary>
    public const string CreatedAt = "created_at";
    /// <summary>When the record was last changed.</summary>
    public const string UpdatedAt = "updated_at";
    /// <summary>The user who created the record.</summary>
    public const string CreatedBy = "created_by";
    /// <summary>The user who last changed the record.</summary>
    public const string UpdatedBy = "updated_by";
    /// <summary>The record's version, incremented on every write.</summary>
    public const string Version = "_version";

    /// <summary>All system field names.</summary>
    public static IReadOnlyList<string> All { get; } = [Id, CreatedAt, UpdatedAt, CreatedBy, UpdatedBy, Version];

    /// <summary>True when <paramref name="name"/> is a system field.</summary>
    public static bool IsSystemField(string name) =>
        name is Id or CreatedAt or UpdatedAt or CreatedBy or UpdatedBy or Version;
}
