using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace ObjectQL.Generators;

/// <summary>Every diagnostic the generator reports, by ID.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "ObjectQL";
    private const string HelpRoot = "https://github.com/objectql/objectql-dotnet/blob/main/docs/diagnostics/";

    public static readonly DiagnosticDescriptor MalformedYaml = Error(DiagnosticIds.MalformedYaml,
        "Malformed YAML", "The YAML cannot be read: {0}");

    public static readonly DiagnosticDescriptor UnknownKey = Error(DiagnosticIds.UnknownKey,
        "Unknown key", "'{0}' is not a known key of {1}{2} (a key of your own must start with 'x-')");

    public static readonly DiagnosticDescriptor InvalidValue = Error(DiagnosticIds.InvalidValue,
        "Invalid value", "'{0}' must be {1}");

    public static readonly DiagnosticDescriptor MissingKey = Error(DiagnosticIds.MissingKey,
        "Missing key", "{0} needs '{1}'");

    public static readonly DiagnosticDescriptor UnknownFieldType = Error(DiagnosticIds.UnknownFieldType,
        "Unknown field type", "Field '{0}' has type '{1}', which is not one of the 27 field types");

    public static readonly DiagnosticDescriptor DuplicateObject = Error(DiagnosticIds.DuplicateObject,
        "Duplicate object", "Object '{0}' is already defined in '{1}'; this definition is ignored");

    public static readonly DiagnosticDescriptor DuplicateField = Error(DiagnosticIds.DuplicateField,
        "Duplicate key", "'{0}' is declared twice in {1}; the second declaration is ignored");

    public static readonly DiagnosticDescriptor UnknownLookupTarget = Error(DiagnosticIds.UnknownLookupTarget,
        "Lookup to an unknown object", "The lookup refers to object '{0}', which no *.object.yml defines");

    public static readonly DiagnosticDescriptor SelectDefaultNotAnOption = Error(DiagnosticIds.SelectDefaultNotAnOption,
        "Select default is not an option", "The default '{1}' of field '{0}' is not one of its options");

    public static readonly DiagnosticDescriptor InvalidDefaultValue = Error(DiagnosticIds.InvalidDefaultValue,
        "Invalid default value", "The default '{1}' of field '{0}' is not a valid {2} value");

    public static readonly DiagnosticDescriptor UnsupportedRuleType = Error(DiagnosticIds.UnsupportedRuleType,
        "Unsupported validation rule type", "Validation rule '{0}' has type '{1}'; supported types are cross_field, state_machine, business_rule, conditional and unique");

    public static readonly DiagnosticDescriptor InvalidCondition = Error(DiagnosticIds.InvalidCondition,
        "Invalid condition", "Invalid condition: {0}");

    public static readonly DiagnosticDescriptor UnknownFieldReference = Error(DiagnosticIds.UnknownFieldReference,
        "Unknown field", "{0} names field '{1}', which object '{2}' does not declare");

    public static readonly DiagnosticDescriptor InvalidFormula = Error(DiagnosticIds.InvalidFormula,
        "Invalid formula", "The formula of field '{0}' cannot be compiled: {1}");

    public static readonly DiagnosticDescriptor FormulaTypeMismatch = Error(DiagnosticIds.FormulaTypeMismatch,
        "Formula type error", "The formula of field '{0}' does not type-check: {1}");

    public static readonly DiagnosticDescriptor InvalidSummary = Error(DiagnosticIds.InvalidSummary,
        "Invalid summary field", "Summary field '{0}': {1}");

    public static readonly DiagnosticDescriptor PermissionUnknownObject = Error(DiagnosticIds.PermissionUnknownObject,
        "Permission file for an unknown object", "The permission file governs object '{0}', which no *.object.yml defines");

    public static readonly DiagnosticDescriptor PermissionUnknownField = Error(DiagnosticIds.PermissionUnknownField,
        "Permission for an unknown field", "The permission file names field '{0}', which object '{1}' does not declare");

    public static readonly DiagnosticDescriptor PermissionUnknownRole = Error(DiagnosticIds.PermissionUnknownRole,
        "Permission for an unknown role", "Role '{0}' is not listed in the file's 'roles'");

    public static readonly DiagnosticDescriptor InvalidIdentifier = Error(DiagnosticIds.InvalidIdentifier,
        "Name cannot become an identifier", "'{0}' cannot become a C# identifier; use letters, digits and underscores, starting with a letter");

    public static readonly DiagnosticDescriptor SystemFieldCollision = Error(DiagnosticIds.SystemFieldCollision,
        "Field collides with a system field", "Field '{0}' has the name of a system field; system fields are added to every object");

    public static readonly DiagnosticDescriptor MemberNameCollision = Error(DiagnosticIds.MemberNameCollision,
        "Field collides with a generated member", "Field '{0}' would become member '{1}', which the generated code already uses");

    public static readonly DiagnosticDescriptor TypeNameCollision = Error(DiagnosticIds.TypeNameCollision,
        "Two names become the same C# name", "'{0}' becomes '{1}', which '{2}' already becomes; rename one of them");

    public static readonly DiagnosticDescriptor UnknownSyncStrategy = Error(DiagnosticIds.UnknownSyncStrategy,
        "Unknown sync strategy", "Sync strategy '{0}' is not one of last-write-wins, crdt, manual");

    public static readonly DiagnosticDescriptor UnknownSyncDirection = Error(DiagnosticIds.UnknownSyncDirection,
        "Unknown sync direction", "Sync direction '{0}' is not one of bidirectional, push-only, pull-only");

    public static readonly DiagnosticDescriptor UnknownConflictField = Error(DiagnosticIds.UnknownConflictField,
        "Conflict field is not a field", "sync.conflict_fields names '{0}', which object '{1}' does not declare");

    public static readonly DiagnosticDescriptor InvalidSyncValue = Error(DiagnosticIds.InvalidSyncValue,
        "Invalid sync value", "sync.{0} must be a whole number of at least {2}, not '{1}'");

    private static readonly Dictionary<string, DiagnosticDescriptor> ById = Index(
        MalformedYaml, UnknownKey, InvalidValue, MissingKey, UnknownFieldType, DuplicateObject, DuplicateField,
        UnknownLookupTarget, SelectDefaultNotAnOption, InvalidDefaultValue, UnsupportedRuleType, InvalidCondition,
        UnknownFieldReference, PermissionUnknownObject, PermissionUnknownField, PermissionUnknownRole, InvalidIdentifier,
        SystemFieldCollision, MemberNameCollision, TypeNameCollision, UnknownSyncStrategy, UnknownSyncDirection,
        UnknownConflictField, InvalidSyncValue, InvalidFormula, FormulaTypeMismatch, InvalidSummary);

    /// <summary>All descriptors, for documentation checks.</summary>
    public static IEnumerable<DiagnosticDescriptor> All => ById.Values;

    public static DiagnosticDescriptor Get(string id) => ById[id];

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        Create(id, DiagnosticSeverity.Error, title, message);

    private static DiagnosticDescriptor Create(string id, DiagnosticSeverity severity, string title, string message) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true, helpLinkUri: HelpRoot + id + ".md");

    private static Dictionary<string, DiagnosticDescriptor> Index(params DiagnosticDescriptor[] descriptors)
    {
        var byId = new Dictionary<string, DiagnosticDescriptor>();
        foreach (var descriptor in descriptors)
        {
            byId.Add(descriptor.Id, descriptor);
        }
        return byId;
    }
}
