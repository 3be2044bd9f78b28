namespace ObjectQL.Generators.Emit;

/// <summary>The full names of the runtime's helpers that only generated code calls (hidden from IntelliSense).</summary>
internal static class RuntimeTypes
{
    private const string Generated = "global::ObjectQL.Entities.Generated.";

    public const string FieldValues = Generated + "FieldValues";
    public const string EntityJson = Generated + "EntityJson";
    public const string RowLayout = Generated + "RowLayout";
    public const string IRowSource = Generated + "IRowSource";
    public const string IRowTarget = Generated + "IRowTarget";
    public const string ValueKind = "global::ObjectQL.Values.ValueKind";
}
