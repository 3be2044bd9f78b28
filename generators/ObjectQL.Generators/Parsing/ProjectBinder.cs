using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using ObjectQL.Generators.Models;
using ObjectQL.Metadata;

namespace ObjectQL.Generators.Parsing;

/// <summary>
/// The cross-file stage: works on the small per-file index only, to find duplicates, unknown lookup targets and
/// permission files that name unknown objects or fields, and to decide what is emitted once per project.
/// </summary>
internal static class ProjectBinder
{
    public static string ObjectKey(string path, string name) => path + "|" + name;

    public static (EmitContext Context, ProjectModel Project, EquatableArray<DiagnosticInfo> Diagnostics) Bind(
        ImmutableArray<FileIndex> files, string @namespace)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var objects = new List<ObjectIndexEntry>();
        var permissions = new List<PermissionIndexEntry>();
        foreach (var file in files)
        {
            objects.AddRange(file.Objects);
            permissions.AddRange(file.Permissions);
        }
        // Additional files arrive in project order; sorting by path makes "which one wins" independent of it.
        objects.Sort((a, b) => Compare(a.Path, a.Span, b.Path, b.Span));
        permissions.Sort((a, b) => Compare(a.Path, a.ObjectSpan, b.Path, b.ObjectSpan));

        var byName = new Dictionary<string, ObjectIndexEntry>(StringComparer.Ordinal);
        // Every generated type (entity, patch, repository, converters, enums) and extension method, by its owner.
        var generated = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var reserved in Names.ReservedTypes)
        {
            generated[reserved] = "the generated project type";
        }
        var skipped = new List<string>();
        var emitted = new List<ObjectRef>();
        foreach (var entry in objects)
        {
            if (byName.TryGetValue(entry.Name, out var first))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticIds.DuplicateObject, entry.Span, entry.Name, first.Path));
                skipped.Add(ObjectKey(entry.Path, entry.Name));
                continue;
            }
            if (FirstClash(entry, generated) is { } clash)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticIds.TypeNameCollision, entry.Span, entry.Name, clash.Name, clash.Owner));
                skipped.Add(ObjectKey(entry.Path, entry.Name));
                continue;
            }
            foreach (var name in entry.GeneratedNames)
            {
                generated[name] = entry.Name;
            }
            byName.Add(entry.Name, entry);
            emitted.Add(new ObjectRef(entry.Name, entry.ClassName));
        }
        foreach (var entry in byName.Values)
        {
            foreach (var lookup in entry.Lookups)
            {
                if (!byName.ContainsKey(lookup.Name))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticIds.UnknownLookupTarget, lookup.Span, lookup.Name));
                }
            }
        }

        var withPermissions = new List<string>();
        var skippedPermissions = new List<string>();
        var permissionSeen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var permission in permissions)
        {
            if (!byName.TryGetValue(permission.Object, out var target))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticIds.PermissionUnknownObject, permission.ObjectSpan, permission.Object));
                skippedPermissions.Add(permission.Path);
                continue;
            }
            if (permissionSeen.TryGetValue(permission.Object, out var firstPath))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticIds.DuplicateField, permission.ObjectSpan,
                    $"the permission set of '{permission.Object}'", $"the project (first in '{firstPath}')"));
                skippedPermissions.Add(permission.Path);
                continue;
            }
            permissionSeen.Add(permission.Object, permission.Path);
            withPermissions.Add(permission.Object);
            var fields = new HashSet<string>(target.FieldNames, StringComparer.Ordinal);
            foreach (var field in permission.Fields)
            {
                if (!fields.Contains(field.Name) && !SystemFields.IsSystemField(field.Name))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticIds.PermissionUnknownField, field.Span, field.Name, permission.Object));
                }
            }
        }
        withPermissions.Sort(StringComparer.Ordinal);
        skipped.Sort(StringComparer.Ordinal);
        skippedPermissions.Sort(StringComparer.Ordinal);
        emitted.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        var context = new EmitContext(@namespace, withPermissions.ToEquatableArray(), skipped.ToEquatableArray(), skippedPermissions.ToEquatableArray());
        return (context, new ProjectModel(@namespace, emitted.ToEquatableArray()), diagnostics.ToEquatableArray());
    }

    private static (string Name, string Owner)? FirstClash(ObjectIndexEntry entry, Dictionary<string, string> generated)
    {
        foreach (var name in entry.GeneratedNames)
        {
            if (generated.TryGetValue(name, out var owner))
            {
                return (name, owner);
            }
        }
        // Two names of one object may also clash (an enum named like the object's own patch type).
        var own = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in entry.GeneratedNames)
        {
            if (!own.Add(name))
            {
                return (name, entry.Name);
            }
        }
        return null;
    }

    private static int Compare(string pathA, SourceSpan spanA, string pathB, SourceSpan spanB)
    {
        var byPath = string.CompareOrdinal(pathA, pathB);
        return byPath != 0 ? byPath : spanA.Start.CompareTo(spanB.Start);
    }
}
