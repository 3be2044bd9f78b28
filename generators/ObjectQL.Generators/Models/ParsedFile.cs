namespace ObjectQL.Generators.Models;

/// <summary>The parse result of one YAML file: its objects or its permission set, and its own diagnostics.</summary>
internal sealed record ParsedFile(
    string Path,
    EquatableArray<ObjectSpec> Objects,
    PermissionSpec? Permission,
    EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>What other files need to know about one object: its names, field names and lookups.</summary>
internal sealed record ObjectIndexEntry(
    string Name,
    string ClassName,
    string Path,
    SourceSpan Span,
    EquatableArray<string> FieldNames,
    EquatableArray<NamedReference> Lookups,
    EquatableArray<string> GeneratedNames);

/// <summary>What other files need to know about one permission file.</summary>
internal sealed record PermissionIndexEntry(
    string Object,
    string Path,
    SourceSpan ObjectSpan,
    EquatableArray<NamedReference> Fields);

/// <summary>The small per-file projection that <c>Collect()</c> gathers.</summary>
internal sealed record FileIndex(
    EquatableArray<ObjectIndexEntry> Objects,
    EquatableArray<PermissionIndexEntry> Permissions);

/// <summary>What emitting one object needs from the rest of the project.</summary>
internal sealed record EmitContext(
    string Namespace,
    EquatableArray<string> ObjectsWithPermissions,
    EquatableArray<string> SkippedObjectKeys,
    EquatableArray<string> SkippedPermissionPaths);

/// <summary>What the once-per-project outputs need: the namespace and the emitted objects' names in a stable order.</summary>
internal sealed record ProjectModel(string Namespace, EquatableArray<ObjectRef> Objects);

/// <summary>An emitted object's stored name and class name.</summary>
internal sealed record ObjectRef(string Name, string ClassName);
