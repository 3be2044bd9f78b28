namespace ObjectQL.Generators.Models;

/// <summary>A diagnostic as plain data: descriptor id, where, and the message arguments.</summary>
internal sealed record DiagnosticInfo(string Id, SourceSpan Span, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(string id, SourceSpan span, params string[] arguments) =>
        new(id, span, arguments.ToEquatableArray());
}
