namespace ObjectQL.Generators;

/// <summary>
/// The diagnostic IDs. Ranges: OQL0001-0099 file and YAML, OQL0100-0199 schema, OQL0200-0299 generated-code
/// conflicts, OQL0300-0399 sync. Each has a page at docs/diagnostics/&lt;ID&gt;.md.
/// </summary>
internal static class DiagnosticIds
{
    public const string MalformedYaml = "OQL0001";
    public const string UnknownKey = "OQL0002";
    public const string InvalidValue = "OQL0003";
    public const string MissingKey = "OQL0004";

    public const string UnknownFieldType = "OQL0100";
    public const string DuplicateObject = "OQL0101";
    public const string DuplicateField = "OQL0102";
    public const string UnknownLookupTarget = "OQL0103";
    public const string SelectDefaultNotAnOption = "OQL0104";
    public const string InvalidDefaultValue = "OQL0105";
    public const string UnsupportedRuleType = "OQL0106";
    public const string InvalidCondition = "OQL0107";
    public const string UnknownFieldReference = "OQL0108";
    public const string InvalidFormula = "OQL0120";
    public const string FormulaTypeMismatch = "OQL0121";
    public const string InvalidSummary = "OQL0122";
    public const string PermissionUnknownObject = "OQL0110";
    public const string PermissionUnknownField = "OQL0111";
    public const string PermissionUnknownRole = "OQL0112";

    public const string InvalidIdentifier = "OQL0200";
    public const string SystemFieldCollision = "OQL0201";
    public const string MemberNameCollision = "OQL0202";
    public const string TypeNameCollision = "OQL0203";

    public const string UnknownSyncStrategy = "OQL0300";
    public const string UnknownSyncDirection = "OQL0301";
    public const string UnknownConflictField = "OQL0302";
    public const string InvalidSyncValue = "OQL0303";
}
