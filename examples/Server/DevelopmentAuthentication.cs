using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Server;

/// <summary>
/// FOR DEVELOPMENT ONLY: trusts the caller's word for who they are. A request with <c>X-ObjectQL-User: alice</c>
/// (and optionally <c>X-ObjectQL-Roles: admin,member</c>, <c>X-ObjectQL-Tenant: t1</c>) is signed in as that user. It is
/// registered only in the Development environment or when <c>Server:DevelopmentAuthentication=true</c>; a real deployment
/// replaces it with its identity provider's scheme (JWT bearer, cookies), and ObjectQL reads the same claims from it.
/// </summary>
internal sealed class DevelopmentAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Development";
    public const string UserHeader = "X-ObjectQL-User";
    public const string RolesHeader = "X-ObjectQL-Roles";
    public const string TenantHeader = "X-ObjectQL-Tenant";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var user = Request.Headers[UserHeader].ToString();
        if (string.IsNullOrWhiteSpace(user))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, user), new(ClaimTypes.Name, user) };
        foreach (var role in Request.Headers[RolesHeader].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            claims.Add(new Claim(ClaimTypes.Role, role));
        }
        if (Request.Headers[TenantHeader].ToString() is { Length: > 0 } tenant)
        {
            claims.Add(new Claim("tenant_id", tenant));
        }
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }
}

/// <summary>
/// A scheme that signs nobody in: what the server runs with when development authentication is off and no real scheme
/// has been added, so every data request is refused (401) instead of served.
/// </summary>
internal sealed class NoAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "None";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(AuthenticateResult.NoResult());
}

internal static class ServerAuthentication
{
    /// <summary>
    /// Registers the one scheme the server runs with. <c>AddAuthenticationCore</c>, not <c>AddAuthentication</c>: the
    /// latter also brings ASP.NET Core data protection (a key ring loaded at start, XML and its cryptography in the
    /// binary) for cookie and token schemes this server does not have. A scheme that needs it adds it back with
    /// <c>AddAuthentication().AddJwtBearer(...)</c> or <c>AddCookie(...)</c>.
    /// </summary>
    public static IServiceCollection AddServerAuthentication(this IServiceCollection services, ServerSettings settings)
    {
        services.AddAuthenticationCore(options =>
        {
            if (settings.DevelopmentAuthentication)
            {
                options.AddScheme<DevelopmentAuthenticationHandler>(DevelopmentAuthenticationHandler.SchemeName, displayName: null);
                options.DefaultScheme = DevelopmentAuthenticationHandler.SchemeName;
            }
            else
            {
                options.AddScheme<NoAuthenticationHandler>(NoAuthenticationHandler.SchemeName, displayName: null);
                options.DefaultScheme = NoAuthenticationHandler.SchemeName;
            }
        });
        services.TryAddSingleton(UrlEncoder.Default);
        return services;
    }
}
