using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace OfflinePwa.Host;

/// <summary>
/// The demo's sign-in: the bearer token <see cref="Token"/> is the user <c>demo</c>, a member, on every device. A real
/// server validates real tokens (JWT bearer, cookies) and ObjectQL reads the same claims (user id, roles) from them.
/// </summary>
internal sealed class DemoToken(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "DemoToken";

    /// <summary>The token the app sends (App/Sync/TodoApp.cs).</summary>
    public const string Token = "offline-pwa-demo";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Headers.Authorization.ToString() != "Bearer " + Token)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "demo"), new Claim(ClaimTypes.Role, "member")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
