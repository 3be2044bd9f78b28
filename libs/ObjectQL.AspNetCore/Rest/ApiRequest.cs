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
internal sealed class ApiRequest(HttpContext http, ObjectQLApiOptions options, string operation)
{
    private ObjectQLSession? _session;
    private ObjectQLContext? _caller;

    public HttpContext Http { get; } = http;

    public ObjectQLApiOptions Options { get; } = options;

    public CancellationToken Aborted => Http.RequestAborted;

    /// <summary>What the request asks for (<c>get</c>, <c>bulk-update</c>, an RPC op), as its telemetry names it.</summary>
    public string Operation { get; set; } = operation;

    /// <summary>The object served, once the caller and the object passed the checks; null before (telemetry never names an unknown one).</summary>
    public string? ServedObject { get; private set; }

    /// <summary>Whether the request may be served at all: an authenticated caller, or anonymous callers allowed.</summary>
    public bool HasCaller => Caller() is not null;

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
        ServedObject = definition.Name;
        return session.Object(definition.Name);
    }

    public Task<JsonElement> ReadBodyAsync() => RequestJson.ReadBodyAsync(Http.Request, Options.MaxRequestBodyBytes, Aborted);

    public string? Route(string name) => Http.Request.RouteValues[name] as string;

    /// <summary>The error of a request without a caller (401).</summary>
    public static ObjectQLException Unauthorized() =>
        new(ErrorCodes.Unauthorized, "This endpoint needs an authenticated caller; sign in (for example with a bearer token) and retry.");

    private ObjectQLContext? Caller()
    {
        if (_caller is null)
        {
            var mapper = Http.RequestServices.GetRequiredService<IOptions<ObjectQLContextMapper>>().Value;
            _caller = mapper.ToContext(Http.User) ?? (Options.AllowAnonymous ? ObjectQLContext.Anonymous : null);
        }
        return _caller;
    }

    private ObjectQLSession OpenSession() =>
        Http.RequestServices.GetRequiredService<ObjectQLDatabase>().WithContext(Caller() ?? throw Unauthorized());
}
