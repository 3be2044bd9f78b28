using System.Security.Claims;

namespace ObjectQL.AspNetCore.Security;

/// <summary>
/// Turns the request's authenticated <see cref="ClaimsPrincipal"/> into the <see cref="ObjectQLContext"/> its session runs
/// under. Identity always comes from the host's authentication, never from the request body. Replace the mapping with
/// <c>services.Configure&lt;ObjectQLContextMapper&gt;(m =&gt; m.Map = ...)</c> or by setting the claim types.
/// </summary>
public sealed class ObjectQLContextMapper
{
    /// <summary>The claim holding the user id; <see cref="ClaimTypes.NameIdentifier"/> (then <c>sub</c>) by default.</summary>
    public string UserIdClaimType { get; set; } = ClaimTypes.NameIdentifier;

    /// <summary>The claim holding the tenant id; <c>tenant_id</c> by default. No such claim means no tenant.</summary>
    public string TenantIdClaimType { get; set; } = "tenant_id";

    /// <summary>
    /// A custom mapping; when set it replaces the default. Return null for a caller that must be treated as
    /// unauthenticated (answered 401).
    /// </summary>
    public Func<ClaimsPrincipal, ObjectQLContext?>? Map { get; set; }

    /// <summary>
    /// The context for <paramref name="principal"/>, or null when it is not authenticated or names no user: such a caller
    /// is refused (fail closed), never served as anonymous.
    /// </summary>
    public ObjectQLContext? ToContext(ClaimsPrincipal? principal)
    {
        if (principal?.Identity?.IsAuthenticated != true)
        {
            return null;
        }
        if (Map is not null)
        {
            return Map(principal);
        }
        var userId = principal.FindFirst(UserIdClaimType)?.Value ?? principal.FindFirst("sub")?.Value;
        if (string.IsNullOrEmpty(userId))
        {
            return null;
        }
        var roleType = (principal.Identity as ClaimsIdentity)?.RoleClaimType ?? ClaimTypes.Role;
        var roles = principal.FindAll(roleType).Select(claim => claim.Value).Distinct(StringComparer.Ordinal).ToArray();
        return ObjectQLContext.ForUser(userId, roles) with { TenantId = principal.FindFirst(TenantIdClaimType)?.Value };
    }
}
