using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ObjectQL.AspNetCore.Security;

namespace ObjectQL.AspNetCore.Rest;

/// <summary>
/// One request to the data API: its caller's session (made from the authenticated principal on first use, never from
/// the body) and the fail-closed checks before an object is served.
/// </summary>
internal sealed class ApiRequest(HttpContext http, ObjectQLApiOptions options)
{
    private ObjectQLSession? _session;

    public HttpContext Http { get; } = http;

    public ObjectQLApiOptions Options { get; } = options;

    public CancellationToken Aborted => Http.RequestAborted;

    /// <summary>A fresh session of the application's database acting as the caller; 401 when there is no caller.</summary>
    public ObjectQLSession Session => _session ??= OpenSession();

    /// <summary>The repository of <paramref name="objectName"/>, once the caller and the object pass the endpoint's checks.</summary>
    public IObjectRepository Repository(string? objectName)
    {
        var session = Session;
        var definition = objectName is null ? null : session.Database.Model.Find(objectName);
        // A plugin's own objects are not part of the API; they are answered as unknown, like names that do not exist.
        if (definition is null || (definition.IsSystem && !session.Context.IsSystem))
        {
            throw new ObjectQLException(ErrorCodes.NotFound, $"Unknown object '{objectName}'.",
                [new ErrorDetail("object", $"No object named '{objectName}' is served here.", "unknown_object")]);
        }
        if (definition.Permissions is null && !session.Context.IsSystem && !Options.ServeObjectsWithoutPermissions)
        {
            throw new ObjectQLException(ErrorCodes.Forbidden,
                $"Object '{definition.Name}' has no permission set, so it is not served to callers. Give it a {definition.Name}.permission.yml, or opt in with ObjectQLApiOptions.ServeObjectsWithoutPermissions.",
                [new ErrorDetail("object", "The object has no permission set.", "no_permissions")]);
        }
        return session.Object(definition.Name);
    }

    public Task<JsonElement> ReadBodyAsync() => RequestJson.ReadBodyAsync(Http.Request, Options.MaxRequestBodyBytes, Aborted);

    public string? Route(string name) => Http.Request.RouteValues[name] as string;

    private ObjectQLSession OpenSession()
    {
        var services = Http.RequestServices;
        var mapper = services.GetRequiredService<IOptions<ObjectQLContextMapper>>().Value;
        var context = mapper.ToContext(Http.User);
        if (context is null)
        {
            context = Options.AllowAnonymous
                ? ObjectQLContext.Anonymous
                : throw new ObjectQLException(ErrorCodes.Unauthorized, "This endpoint needs an authenticated caller; sign in (for example with a bearer token) and retry.");
        }
        return services.GetRequiredService<ObjectQLDatabase>().WithContext(context);
    }
}
