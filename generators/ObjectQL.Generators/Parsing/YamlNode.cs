using System.Collections.Generic;
using ObjectQL.Generators.Models;

namespace ObjectQL.Generators.Parsing;

/// <summary>The shape of a <see cref="YamlNode"/>.</summary>
internal enum YamlNodeKind
{
    Scalar,
    Sequence,
    Mapping,
}

/// <summary>
/// A YAML node with its place in the file. Built from parser events rather than YamlDotNet's representation model,
/// because that model throws on duplicate keys and we want to report each duplicate where it stands.
/// </summary>
internal sealed class YamlNode
{
    public YamlNode(YamlNodeKind kind, SourceSpan span)
    {
        Kind = kind;
        Span = span;
    }

    public YamlNodeKind Kind { get; }

    public SourceSpan Span { get; }

    /// <summary>The text of a scalar.</summary>
    public string Value { get; set; } = "";

    /// <summary>True for a plain (unquoted) scalar, whose text may be a number, boolean or null.</summary>
    public bool IsPlain { get; set; }

    /// <summary>How many nodes this one stands for once aliases are expanded (itself included).</summary>
    public long Weight { get; set; } = 1;

    /// <summary>The items of a sequence.</summary>
    public List<YamlNode> Items { get; } = new();

    /// <summary>The entries of a mapping in document order; duplicates are kept so they can be reported.</summary>
    public List<KeyValuePair<YamlNode, YamlNode>> Entries { get; } = new();

    public bool IsNullScalar =>
        Kind == YamlNodeKind.Scalar && IsPlain && (Value.Length == 0 || Value == "~" || Value == "null" || Value == "Null" || Value == "NULL");

    /// <summary>The value of the first entry named <paramref name="key"/>, or null.</summary>
    public YamlNode? Get(string key)
    {
        foreach (var entry in Entries)
        {
            if (entry.Key.Kind == YamlNodeKind.Scalar && entry.Key.Value == key)
            {
                return entry.Value;
            }
        }
        return null;
    }
}
