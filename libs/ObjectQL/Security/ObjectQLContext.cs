namespace ObjectQL;

/// <summary>
/// Who is asking: the user, their roles, their tenant (space), and whether the call runs as the system.
/// Permissions, <c>created_by</c>/<c>updated_by</c> and <c>$current_user.&lt;path&gt;</c> tokens read it.
/// </summary>
public sealed record ObjectQLContext
{
    /// <summary>The user id, or null for an anonymous caller.</summary>
    public string? UserId { get; init; }

    /// <summary>The user's roles.</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>The tenant (space) the user acts in, or null.</summary>
    public string? TenantId { get; init; }

    /// <summary>True for the system context, which bypasses permissions on purpose.</summary>
    public bool IsSystem { get; init; }

    /// <summary>Further user attributes that record rules may name as <c>$current_user.&lt;key&gt;</c>.</summary>
    public IReadOnlyDictionary<string, object?> Attributes { get; init; } = new Dictionary<string, object?>();

    /// <summary>The system context: no user, every permission.</summary>
    public static ObjectQLContext System { get; } = new() { IsSystem = true };

    /// <summary>An anonymous context: no user, no roles.</summary>
    public static ObjectQLContext Anonymous { get; } = new();

    /// <summary>A context for <paramref name="userId"/> with <paramref name="roles"/>.</summary>
    public static ObjectQLContext ForUser(string userId, params IEnumerable<string> roles)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        return new ObjectQLContext { UserId = userId, Roles = roles.ToArray() };
    }

    /// <summary>
    /// Resolves the path of a <c>$current_user.&lt;path&gt;</c> token: <c>id</c>, <c>roles</c>, <c>tenant_id</c>
    /// (or <c>space_id</c>), otherwise an <see cref="Attributes"/> key. False when the context has no such value.
    /// </summary>
    public bool TryResolve(string path, out object? value)
    {
        ArgumentNullException.ThrowIfNull(path);
        value = path switch
        {
            "id" => UserId,
            "roles" => Roles,
            "tenant_id" or "space_id" => TenantId,
            _ => Attributes.GetValueOrDefault(path),
        };
        return value is not null;
    }
}
