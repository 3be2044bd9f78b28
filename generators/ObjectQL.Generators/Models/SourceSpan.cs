namespace ObjectQL.Generators.Models;

/// <summary>A place in a YAML file: character offsets plus zero-based line and column, so diagnostics can be located without a Roslyn <c>Location</c> in the model.</summary>
internal sealed record SourceSpan(string Path, int Start, int End, int StartLine, int StartColumn, int EndLine, int EndColumn)
{
    public static SourceSpan FileStart(string path) => new(path, 0, 0, 0, 0, 0, 0);
}
