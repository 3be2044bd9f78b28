using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ObjectQL.Sync.TestServer;

/// <summary>
/// Authentication for tests: the caller names itself in <c>X-Test-User</c> (roles in <c>X-Test-Roles</c>, comma separated;
/// tenant in <c>X-Test-Tenant</c>). It runs through ASP.NET Core's real authentication pipeline; a request without the
/// header has no principal. Never use this outside tests: anyone can claim any name.
/// </summary>
public sealed class HeaderAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme name.</summary>
    public const string SchemeName = "TestHeader";

    /// <summary>The header naming the user.</summary>
    public const string UserHeader = "X-Test-User";

    /// <summary>The header listing the user's roles.</summary>
    public const string RolesHeader = "X-Test-Roles";

    /// <summary>The header naming the user's tenant.</summary>
    public const string TenantHeader = "X-Test-Tenant";

    /// <inheritdoc />
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Headers[UserHeader].ToString() is not { Length: > 0 } user)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, user) };
        claims.AddRange(Request.Headers[RolesHeader].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(role => new Claim(ClaimTypes.Role, role)));
        if (Request.Headers[TenantHeader].ToString() is { Length: > 0 } tenant)
        {
            claims.Add(new Claim("tenant_id", tenant));
        }
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }
}
