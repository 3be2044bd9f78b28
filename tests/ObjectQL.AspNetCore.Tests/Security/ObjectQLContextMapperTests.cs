using System.Security.Claims;
using ObjectQL.AspNetCore.Security;

namespace ObjectQL.AspNetCore.Tests.Security;

public sealed class ObjectQLContextMapperTests
{
    [Test]
    public void An_unauthenticated_principal_maps_to_no_context()
    {
        var mapper = new ObjectQLContextMapper();
        Assert.That(mapper.ToContext(new ClaimsPrincipal(new ClaimsIdentity())), Is.Null);
        Assert.That(mapper.ToContext(null), Is.Null);
    }

    [Test]
    public void An_authenticated_principal_without_a_user_id_maps_to_no_context()
    {
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, "admin")], "test"));
        Assert.That(new ObjectQLContextMapper().ToContext(principal), Is.Null);
    }

    [Test]
    public void User_roles_and_tenant_come_from_the_claims()
    {
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim("sub", "u1"), new Claim(ClaimTypes.Role, "member"), new Claim(ClaimTypes.Role, "admin"), new Claim("tenant_id", "t9")],
            "test"));
        var context = new ObjectQLContextMapper().ToContext(principal)!;
        Assert.That(context.UserId, Is.EqualTo("u1"));
        Assert.That(context.Roles, Is.EqualTo(new[] { "member", "admin" }));
        Assert.That(context.TenantId, Is.EqualTo("t9"));
        Assert.That(context.IsSystem, Is.False);
    }

    [Test]
    public void A_custom_mapping_replaces_the_default()
    {
        var mapper = new ObjectQLContextMapper { Map = p => ObjectQLContext.ForUser("mapped-" + p.Identity!.Name) };
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "ada")], "test"));
        Assert.That(mapper.ToContext(principal)!.UserId, Is.EqualTo("mapped-ada"));
    }
}
