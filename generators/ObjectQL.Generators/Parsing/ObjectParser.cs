using System;
using System.Collections.Generic;
using ObjectQL.Generators.Models;
using ObjectQL.Metadata;

namespace ObjectQL.Generators.Parsing;

/// <summary>Reads a <c>*.object.yml</c> document (single or bundle form) into <see cref="ObjectSpec"/>s.</summary>
internal sealed partial class ObjectParser
{
    private static readonly HashSet<string> ObjectKeys = new(StringComparer.Ordinal)
    {
        "name", "label", "pluralLabel", "description", "icon", "datasource", "tableName", "isSystem", "nameField",
        "fields", "indexes", "enable", "stateMachine", "stateMachines", "ai", "actions", "validation", "sync", "ai_context",
    };

    private readonly ParseContext _context;

    private ObjectParser(ParseContext context) => _context = context;

    public static List<ObjectSpec> Parse(YamlNode root, string fileObjectName, ParseContext context)
    {
        var parser = new ObjectParser(context);
        var objects = new List<ObjectSpec>();
        if (!context.IsMapping(root, "the document"))
        {
            return objects;
        }
        if (root.Get("fields") is not null)
        {
            var nameNode = root.Get("name");
            var name = nameNode is null ? fileObjectName : context.String(nameNode, "name") ?? fileObjectName;
            parser.AddObject(objects, name, nameNode ?? root, root);
            return objects;
        }
        // Bundle form: every top-level key whose value has 'fields' is an object named after the key.
        foreach (var entry in context.NamedEntries(root, "the bundle"))
        {
            if (entry.Value.Kind == YamlNodeKind.Mapping && entry.Value.Get("fields") is not null)
            {
                parser.AddObject(objects, entry.Key.Value, entry.Key, entry.Value);
            }
            else if (!ParseContext.IsExtensionKey(entry.Key.Value))
            {
                // Without a top-level 'fields' the file reads as a bundle, so a misspelled 'fields' lands here.
                context.ReportUnknownKey(entry.Key, "the file: an object file needs 'fields', and a bundle entry an object with 'fields'", ObjectKeys);
            }
        }
        if (root.Entries.Count == 0)
        {
            context.Report(DiagnosticIds.MissingKey, root.Span, "An object file", "fields");
        }
        return objects;
    }

    private void AddObject(List<ObjectSpec> objects, string name, YamlNode nameNode, YamlNode node)
    {
        if (!Names.IsValidName(name))
        {
            _context.Report(DiagnosticIds.InvalidIdentifier, nameNode.Span, name);
            return;
        }
        var spec = ParseObject(name, Names.ToPascalCase(name), nameNode.Span, node);
        objects.Add(spec);
    }

    private ObjectSpec ParseObject(string name, string className, SourceSpan span, YamlNode node)
    {
        var spec = new ObjectSpec { Name = name, ClassName = className, Label = Names.ToTitle(name), Span = span };
        var entries = _context.Entries(node, $"object '{name}'", ObjectKeys);
        var fieldsNode = node.Get("fields");
        _fieldNodes.Clear();
        var fields = fieldsNode is null ? new List<FieldSpec>() : CompileComputed(spec, ParseFields(spec, fieldsNode));
        spec = spec with { Fields = fields.ToEquatableArray() };
        var fieldNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            fieldNames.Add(field.Name);
        }
        foreach (var system in SystemFields.All)
        {
            fieldNames.Add(system);
        }
        foreach (var entry in entries)
        {
            var value = entry.Value;
            switch (entry.Key.Value)
            {
                case "label":
                    spec = spec with { Label = _context.String(value, "label") ?? spec.Label };
                    break;
                case "pluralLabel":
                    spec = spec with { PluralLabel = _context.String(value, "pluralLabel") };
                    break;
                case "description":
                    spec = spec with { Description = _context.String(value, "description") };
                    break;
                case "tableName":
                    spec = spec with { TableName = _context.String(value, "tableName") };
                    break;
                case "indexes":
                    spec = spec with { Indexes = ParseIndexes(spec, value, fieldNames) };
                    break;
                case "validation":
                    spec = spec with { Rules = ParseValidation(spec, value, fieldNames) };
                    break;
                case "sync":
                    spec = spec with { Sync = ParseSync(spec, value, fieldNames) };
                    break;
            }
        }
        return spec;
    }

    private void CheckFieldReferences(ObjectSpec spec, IEnumerable<NamedReference> references, HashSet<string> fieldNames, string where)
    {
        foreach (var reference in references)
        {
            if (!fieldNames.Contains(reference.Name))
            {
                _context.Report(DiagnosticIds.UnknownFieldReference, reference.Span, where, reference.Name, spec.Name);
            }
        }
    }
}
