using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using ObjectQL.Generators.Models;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ObjectQL.Generators.Parsing;

/// <summary>Reads YAML text into <see cref="YamlNode"/> trees with line and column marks.</summary>
internal static class YamlTreeReader
{
    // Deep nesting is never metadata; the cap keeps hostile input from exhausting the stack.
    private const int MaxDepth = 64;

    // Aliases share nodes, but everything that reads the tree walks them again: nested aliases could make a small file
    // stand for billions of nodes. No object file comes near this.
    private const long MaxExpandedNodes = 100_000;

    /// <summary>Reads the first document; returns null and a diagnostic when the text is not well-formed YAML.</summary>
    public static YamlNode? Read(string path, string text, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        var state = new ReadState();
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            if (!parser.TryConsume<DocumentStart>(out _))
            {
                return null;
            }
            var root = ReadNode(parser, path, state, 0, cancellationToken);
            parser.Consume<DocumentEnd>();
            if (parser.Accept<DocumentStart>(out var extra))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticIds.MalformedYaml, Span(path, extra.Start, extra.End),
                    "a file holds one YAML document; the second document is ignored"));
            }
            return root;
        }
        catch (YamlException ex)
        {
            var message = Clean(ex.Message);
            var span = message.IndexOf("tab", StringComparison.OrdinalIgnoreCase) >= 0 && FirstTabIndent(path, text) is { } tab
                ? tab
                : Span(path, ex.Start, ex.End);
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticIds.MalformedYaml, span, message));
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // The scanner fails on some inputs without a position; the end of the last good event is the best place to point at.
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticIds.MalformedYaml, Span(path, state.Last, state.Last),
                "the text is not well-formed YAML after this point"));
            return null;
        }
    }

    private sealed class ReadState
    {
        public Dictionary<string, YamlNode> Anchors { get; } = new(StringComparer.Ordinal);

        /// <summary>Anchors of collections still being read: an alias to one would make a node contain itself.</summary>
        public HashSet<string> Open { get; } = new(StringComparer.Ordinal);

        public Mark Last { get; set; } = Mark.Empty;
    }

    /// <summary>YamlDotNet reports a tab in indentation at the enclosing mapping; the tab itself is a better place.</summary>
    private static SourceSpan? FirstTabIndent(string path, string text)
    {
        var line = 0;
        var lineStart = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                line++;
                lineStart = i + 1;
            }
            else if (c == '\t' && text.Substring(lineStart, i - lineStart).Trim(' ').Length == 0)
            {
                return new SourceSpan(path, i, i + 1, line, i - lineStart, line, i - lineStart + 1);
            }
        }
        return null;
    }

    private static YamlNode ReadNode(IParser parser, string path, ReadState state, int depth, CancellationToken ct)
    {

        if (parser.Current is { } current0)
        {
            state.Last = current0.Start;
        }
        ct.ThrowIfCancellationRequested();
        if (depth > MaxDepth)
        {
            var current = parser.Current;
            throw new YamlException(current?.Start ?? Mark.Empty, current?.End ?? Mark.Empty, "the document is nested too deeply");
        }
        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            if (state.Open.Contains(alias.Value.Value))
            {
                throw new YamlException(alias.Start, alias.End, $"alias '*{alias.Value.Value}' refers to a node that contains it");
            }
            if (state.Anchors.TryGetValue(alias.Value.Value, out var target))
            {
                return target;
            }
            throw new YamlException(alias.Start, alias.End, $"unknown alias '*{alias.Value.Value}'");
        }
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            var node = new YamlNode(YamlNodeKind.Scalar, Span(path, scalar.Start, scalar.End))
            {
                Value = scalar.Value,
                IsPlain = scalar.Style == ScalarStyle.Plain,
            };
            Remember(state, scalar.Anchor, node);
            return node;
        }
        if (parser.TryConsume<SequenceStart>(out var sequenceStart))
        {
            var node = new YamlNode(YamlNodeKind.Sequence, Span(path, sequenceStart.Start, sequenceStart.End));
            Open(state, sequenceStart.Anchor);
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                var item = ReadNode(parser, path, state, depth + 1, ct);
                node.Items.Add(item);
                AddWeight(node, item, sequenceStart);
            }
            Remember(state, sequenceStart.Anchor, node);
            return node;
        }
        if (parser.TryConsume<MappingStart>(out var mappingStart))
        {
            var node = new YamlNode(YamlNodeKind.Mapping, Span(path, mappingStart.Start, mappingStart.End));
            Open(state, mappingStart.Anchor);
            var merged = new List<KeyValuePair<YamlNode, YamlNode>>();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var key = ReadNode(parser, path, state, depth + 1, ct);
                var value = ReadNode(parser, path, state, depth + 1, ct);
                AddWeight(node, key, mappingStart);
                AddWeight(node, value, mappingStart);
                if (key.Kind == YamlNodeKind.Scalar && key.IsPlain && key.Value == "<<" && IsMergeSource(value))
                {
                    AddMerged(merged, value);
                    continue;
                }
                node.Entries.Add(new KeyValuePair<YamlNode, YamlNode>(key, value));
            }
            // Merge keys ('<<: *defaults'): merged entries come after the mapping's own, which win.
            foreach (var entry in merged)
            {
                if (node.Get(entry.Key.Value) is null)
                {
                    node.Entries.Add(entry);
                }
            }
            Remember(state, mappingStart.Anchor, node);
            return node;
        }
        var unexpected = parser.Current;
        throw new YamlException(unexpected?.Start ?? Mark.Empty, unexpected?.End ?? Mark.Empty, "unexpected YAML content");
    }

    private static bool IsMergeSource(YamlNode value) =>
        value.Kind == YamlNodeKind.Mapping ||
        (value.Kind == YamlNodeKind.Sequence && value.Items.TrueForAll(static item => item.Kind == YamlNodeKind.Mapping));

    private static void AddMerged(List<KeyValuePair<YamlNode, YamlNode>> merged, YamlNode value)
    {
        var sources = value.Kind == YamlNodeKind.Mapping ? new List<YamlNode> { value } : value.Items;
        foreach (var source in sources)
        {
            foreach (var entry in source.Entries)
            {
                if (entry.Key.Kind == YamlNodeKind.Scalar && !merged.Exists(e => e.Key.Value == entry.Key.Value))
                {
                    merged.Add(entry);
                }
            }
        }
    }

    // A collection's anchor is usable once the collection is complete; until then an alias to it is refused.
    private static void Open(ReadState state, AnchorName anchor)
    {
        if (!anchor.IsEmpty)
        {
            state.Open.Add(anchor.Value);
        }
    }

    private static void Remember(ReadState state, AnchorName anchor, YamlNode node)
    {
        if (!anchor.IsEmpty)
        {
            state.Open.Remove(anchor.Value);
            state.Anchors[anchor.Value] = node;
        }
    }

    private static void AddWeight(YamlNode node, YamlNode child, ParsingEvent start)
    {
        node.Weight += child.Weight;
        if (node.Weight > MaxExpandedNodes)
        {
            throw new YamlException(start.Start, start.End, $"aliases expand this node to more than {MaxExpandedNodes:N0} nodes");
        }
    }

    private static string Clean(string message)
    {
        // YamlDotNet prefixes its messages with the (1-based) position, which the diagnostic location already carries.
        var index = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(", StringComparison.Ordinal) && index > 0 ? message.Substring(index + 3) : message;
    }

    internal static SourceSpan Span(string path, Mark start, Mark end)
    {
        var startLine = (int)Math.Max(0, start.Line - 1);
        var startColumn = (int)Math.Max(0, start.Column - 1);
        var endLine = (int)Math.Max(startLine, end.Line - 1);
        var endColumn = (int)Math.Max(0, end.Column - 1);
        if (endLine == startLine && endColumn < startColumn)
        {
            endColumn = startColumn;
        }
        var startIndex = (int)Math.Max(0, start.Index);
        var endIndex = (int)Math.Max(startIndex, end.Index);
        return new SourceSpan(path, startIndex, endIndex, startLine, startColumn, endLine, endColumn);
    }
}
