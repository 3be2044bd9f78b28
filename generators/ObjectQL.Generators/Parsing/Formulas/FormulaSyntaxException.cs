using System;

namespace ObjectQL.Generators.Parsing.Formulas;

/// <summary>A formula that cannot be read or typed; becomes a located diagnostic (never escapes the parser).</summary>
internal sealed class FormulaException(string diagnosticId, int start, int length, string message) : Exception(message)
{
    public string DiagnosticId { get; } = diagnosticId;

    public int Start { get; } = start;

    public int Length { get; } = length;

    /// <summary>The field name a reference error names, for <c>OQL0108</c>.</summary>
    public string? Field { get; init; }
}
