using System;
using System.Collections.Generic;
using System.Threading;
using ObjectQL.Generators.Models;

namespace ObjectQL.Generators.Parsing;

/// <summary>The parse stage: one YAML file in, its models and its own diagnostics out. Never throws on bad input.</summary>
internal static class FileParser
{
    public static bool IsObjectFile(string path) =>
        path.EndsWith(".object.yml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".object.yaml", StringComparison.OrdinalIgnoreCase);

    public static bool IsPermissionFile(string path) =>
        path.EndsWith(".permission.yml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".permission.yaml", StringComparison.OrdinalIgnoreCase);

    public static bool IsMetadataFile(string path) => IsObjectFile(path) || IsPermissionFile(path);

    public static ParsedFile Parse(string path, string? text, CancellationToken cancellationToken)
    {
        var context = new ParseContext(path);
        var objects = new List<ObjectSpec>();
        PermissionSpec? permission = null;
        if (text is null)
        {
            context.Report(DiagnosticIds.MalformedYaml, SourceSpan.FileStart(path), "the file cannot be read");
        }
        else
        {
            var root = YamlTreeReader.Read(path, text, context.Diagnostics, cancellationToken);
            var prefix = FilePrefix(path);
            if (root is not null && IsPermissionFile(path))
            {
                permission = PermissionParser.Parse(root, prefix, context);
            }
            else if (root is not null)
            {
                objects = ObjectParser.Parse(root, prefix, context);
            }
            else if (context.Diagnostics.Count == 0)
            {
                // An empty document.
                var permissionFile = IsPermissionFile(path);
                context.Report(DiagnosticIds.MissingKey, SourceSpan.FileStart(path),
                    permissionFile ? "A permission file" : "An object file", permissionFile ? "object_permissions" : "fields");
            }
        }
        return new ParsedFile(path, objects.ToEquatableArray(), permission, context.Diagnostics.ToEquatableArray());
    }

    /// <summary><c>Objects/todo_item.object.yml</c> -> <c>todo_item</c>.</summary>
    public static string FilePrefix(string path)
    {
        var slash = Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
        var fileName = path.Substring(slash + 1);
        var dot = fileName.IndexOf('.');
        return dot < 0 ? fileName : fileName.Substring(0, dot);
    }

    /// <summary>Every namespace-level type and session extension method an object's generated code declares.</summary>
    public static List<string> GeneratedNames(ObjectSpec spec)
    {
        var c = spec.ClassName;
        var names = new List<string> { c, c + "Patch", c + "Repository", c + "JsonConverter", c + "PatchJsonConverter" };
        foreach (var field in spec.Fields)
        {
            if (field.EnumName is not null)
            {
                names.Add(field.EnumName);
                names.Add(field.EnumName + "Options");
            }
        }
        names.Add("ObjectQLSessionExtensions." + Names.Pluralize(c) + "()");
        if (spec.Sync is { Enabled: true })
        {
            names.Add(c + "SyncConflict");
            names.Add(c + "SyncParked");
            names.Add(c + "SyncStatus");
            names.Add("ObjectQLSyncExtensions.On" + c + "Conflict()");
            names.Add("ObjectQLSyncExtensions." + Names.Pluralize(c) + "()");
        }
        // Members of the JSON context, which must not meet its inherited members (object 'get_type' would add GetTypeInfo).
        names.Add("AppModelJsonContext." + c + "Info");
        names.Add("AppModelJsonContext." + c + "PatchInfo");
        return names;
    }

    /// <summary>The small projection of a parsed file that cross-file checks need.</summary>
    public static FileIndex ToIndex(ParsedFile file)
    {
        var objects = new List<ObjectIndexEntry>();
        foreach (var spec in file.Objects)
        {
            var fieldNames = new List<string>();
            var lookups = new List<NamedReference>();
            foreach (var field in spec.Fields)
            {
                fieldNames.Add(field.Name);
                if (field.ReferenceTo is not null && field.ReferenceSpan is not null)
                {
                    lookups.Add(new NamedReference(field.ReferenceTo, field.ReferenceSpan));
                }
            }
            objects.Add(new ObjectIndexEntry(spec.Name, spec.ClassName, file.Path, spec.Span, fieldNames.ToEquatableArray(),
                lookups.ToEquatableArray(), GeneratedNames(spec).ToEquatableArray()));
        }
        var permissions = new List<PermissionIndexEntry>();
        if (file.Permission is { } permission)
        {
            var fields = new List<NamedReference>();
            foreach (var field in permission.FieldPermissions)
            {
                fields.Add(new NamedReference(field.Field, field.Span));
            }
            fields.AddRange(permission.ConditionFields);
            permissions.Add(new PermissionIndexEntry(permission.Object, file.Path, permission.ObjectSpan, fields.ToEquatableArray()));
        }
        return new FileIndex(objects.ToEquatableArray(), permissions.ToEquatableArray());
    }
}
