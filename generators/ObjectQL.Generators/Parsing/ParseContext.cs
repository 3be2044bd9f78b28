using System;
using System.Collections.Generic;
using System.Globalization;
using ObjectQL.Generators.Models;

namespace ObjectQL.Generators.Parsing;

/// <summary>Typed reads of YAML nodes that report what is wrong instead of throwing.</summary>
internal sealed class ParseContext
{
    public ParseContext(string path) => Path = path;

    public string Path { get; }

    public List<DiagnosticInfo> Diagnostics { get; } = new();

    public void Report(string id, SourceSpan span, params string[] arguments) =>
        Diagnostics.Add(DiagnosticInfo.Create(id, span, arguments));

    /// <summary>
    /// Reports an unknown key as an error (OQL0002), suggesting the known key it is closest to: a misspelled key would
    /// otherwise silently change what the file means (<c>requird: true</c> leaves a field optional).
    /// </summary>
    public void ReportUnknownKey(YamlNode key, string where, IEnumerable<string> knownKeys)
    {
        var closest = Parsing.Names.Closest(key.Value, knownKeys);
        Report(DiagnosticIds.UnknownKey, key.Span, key.Value, where, closest is null ? "" : $"; did you mean '{closest}'?");
    }

    /// <summary>
    /// True for an extension key (<c>x-</c> prefix, as in OpenAPI): free for tools and YAML anchors, ignored by ObjectQL,
    /// and never reported.
    /// </summary>
    public static bool IsExtensionKey(string key) => key.StartsWith("x-", StringComparison.Ordinal);

    /// <summary>The entries of a mapping with known keys; extension keys are skipped, unknown keys and duplicates are errors.</summary>
    public List<KeyValuePair<YamlNode, YamlNode>> Entries(YamlNode node, string where, HashSet<string> knownKeys)
    {
        var entries = new List<KeyValuePair<YamlNode, YamlNode>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in node.Entries)
        {
            if (entry.Key.Kind != YamlNodeKind.Scalar)
            {
                Report(DiagnosticIds.InvalidValue, entry.Key.Span, "key", "a plain name");
                continue;
            }
            var key = entry.Key.Value;
            if (!seen.Add(key))
            {
                Report(DiagnosticIds.DuplicateField, entry.Key.Span, key, where);
                continue;
            }
            if (IsExtensionKey(key))
            {
                continue;
            }
            if (!knownKeys.Contains(key))
            {
                ReportUnknownKey(entry.Key, where, knownKeys);
                continue;
            }
            entries.Add(entry);
        }
        return entries;
    }

    /// <summary>The entries of a name-keyed map (fields, indexes): duplicates get an error; every key is kept once.</summary>
    public List<KeyValuePair<YamlNode, YamlNode>> NamedEntries(YamlNode node, string where)
    {
        var entries = new List<KeyValuePair<YamlNode, YamlNode>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in node.Entries)
        {
            if (entry.Key.Kind != YamlNodeKind.Scalar)
            {
                Report(DiagnosticIds.InvalidValue, entry.Key.Span, "key", "a plain name");
                continue;
            }
            if (!seen.Add(entry.Key.Value))
            {
                Report(DiagnosticIds.DuplicateField, entry.Key.Span, entry.Key.Value, where);
                continue;
            }
            entries.Add(entry);
        }
        return entries;
    }

    public bool IsMapping(YamlNode node, string key)
    {
        if (node.Kind == YamlNodeKind.Mapping)
        {
            return true;
        }
        Report(DiagnosticIds.InvalidValue, node.Span, key, "a mapping");
        return false;
    }

    public string? String(YamlNode node, string key)
    {
        if (node.IsNullScalar)
        {
            return null;
        }
        if (node.Kind == YamlNodeKind.Scalar)
        {
            return node.Value;
        }
        Report(DiagnosticIds.InvalidValue, node.Span, key, "text");
        return null;
    }

    public bool Bool(YamlNode node, string key)
    {
        if (node.Kind == YamlNodeKind.Scalar && TryBool(node.Value, out var value))
        {
            return value;
        }
        Report(DiagnosticIds.InvalidValue, node.Span, key, "true or false");
        return false;
    }

    public int? Int(YamlNode node, string key)
    {
        if (node.Kind == YamlNodeKind.Scalar &&
            int.TryParse(node.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        Report(DiagnosticIds.InvalidValue, node.Span, key, "a whole number");
        return null;
    }

    public double? Double(YamlNode node, string key)
    {
        if (node.Kind == YamlNodeKind.Scalar && TryDouble(node.Value, out var value))
        {
            return value;
        }
        Report(DiagnosticIds.InvalidValue, node.Span, key, "a number");
        return null;
    }

    /// <summary>A list of names; a single scalar counts as a list of one.</summary>
    public List<NamedReference> Names(YamlNode node, string key)
    {
        var names = new List<NamedReference>();
        if (node.IsNullScalar)
        {
            return names;
        }
        if (node.Kind == YamlNodeKind.Scalar)
        {
            names.Add(new NamedReference(node.Value, node.Span));
            return names;
        }
        if (node.Kind != YamlNodeKind.Sequence)
        {
            Report(DiagnosticIds.InvalidValue, node.Span, key, "a list of names");
            return names;
        }
        foreach (var item in node.Items)
        {
            if (item.Kind == YamlNodeKind.Scalar && !item.IsNullScalar)
            {
                names.Add(new NamedReference(item.Value, item.Span));
            }
            else
            {
                Report(DiagnosticIds.InvalidValue, item.Span, key, "a list of names");
            }
        }
        return names;
    }

    public EquatableArray<string> NameArray(YamlNode node, string key) => Names(node, key).ConvertAll(n => n.Name).ToEquatableArray();

    /// <summary>A literal: plain scalars are typed (null, boolean, number), quoted ones are strings; sequences are lists.</summary>
    public ValueSpec? Value(YamlNode node, string key)
    {
        switch (node.Kind)
        {
            case YamlNodeKind.Scalar:
                if (node.IsNullScalar)
                {
                    return ValueSpec.Null;
                }
                if (node.IsPlain && TryBool(node.Value, out var flag))
                {
                    return ValueSpec.Scalar(ValueKind.Boolean, flag ? "true" : "false");
                }
                if (node.IsPlain && TryDouble(node.Value, out var number))
                {
                    return ValueSpec.Scalar(ValueKind.Number, number.ToString("R", CultureInfo.InvariantCulture));
                }
                return ValueSpec.Scalar(ValueKind.String, node.Value);
            case YamlNodeKind.Sequence:
                var items = new List<ValueSpec>();
                foreach (var item in node.Items)
                {
                    var value = Value(item, key);
                    if (value is null)
                    {
                        return null;
                    }
                    items.Add(value);
                }
                return new ValueSpec(ValueKind.List, "", items.ToEquatableArray());
            default:
                Report(DiagnosticIds.InvalidValue, node.Span, key, "a single value or a list of values");
                return null;
        }
    }

    public static bool TryBool(string text, out bool value)
    {
        switch (text)
        {
            case "true": case "True": case "TRUE":
                value = true;
                return true;
            case "false": case "False": case "FALSE":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    public static bool TryDouble(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) &&
        !double.IsNaN(value) && !double.IsInfinity(value);
}
