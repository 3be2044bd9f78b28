namespace ObjectQL.Security;

/// <summary>
/// The database options the permission guard reads, taken from <see cref="ObjectQLOptions"/> once at open: the guard
/// gets what it needs instead of the database's options, which also configure clocks, validation and change handlers.
/// </summary>
internal sealed record PermissionSettings(bool AllowObjectsWithoutPermissions, string TenantField);
