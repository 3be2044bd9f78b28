namespace ObjectQL.Generators.Models;

/// <summary>A field a formula reads, and the <c>FormulaValues</c> reader that takes it from a record.</summary>
internal sealed record FormulaInputSpec(string Name, string Reader, string ParameterType);

/// <summary>
/// A formula compiled by the generator: a C# expression over one parameter per input (named <c>@field</c>), its
/// SQL form when it has one, and its result type (a formula type name).
/// </summary>
internal sealed record FormulaSpec(string Body, EquatableArray<FormulaInputSpec> Inputs, string? Sql, string ResultType);

/// <summary>A summary field's roll-up; <see cref="Filter"/> is a C# expression building the filter, or null.</summary>
internal sealed record SummarySpec(string Object, string Function, string? Field, string? Filter);
