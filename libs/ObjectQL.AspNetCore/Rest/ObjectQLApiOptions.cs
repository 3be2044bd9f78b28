namespace ObjectQL.AspNetCore.Rest;

/// <summary>
/// How <c>app.MapObjectQL(...)</c> serves the data API. The defaults fail closed: every request needs an authenticated
/// principal, and objects without a permission set are not served to non-system callers.
/// </summary>
public sealed class ObjectQLApiOptions
{
    /// <summary>
    /// The path of the RPC endpoint (<c>POST {op, object, args}</c>) the TypeScript SDK's <c>RemoteDriver</c> calls;
    /// <c>/api/objectql</c> by default, its default. Null maps no RPC endpoint.
    /// </summary>
    public string? RpcPath { get; set; } = "/api/objectql";

    /// <summary>
    /// When true, a request without an authenticated principal (or one the <see cref="Security.ObjectQLContextMapper"/>
    /// maps to nothing) runs as <see cref="ObjectQLContext.Anonymous"/>: no user, no roles, so it reaches only what the
    /// permission sets grant to nobody in particular. False by default: such a request is answered 401.
    /// </summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>
    /// When true, objects that have no permission set (no <c>*.permission.yml</c>) are served to every caller the
    /// database lets through. False by default: they are refused (403, reason <c>no_permissions</c>) to every
    /// non-system caller, so adding an object never publishes it by accident.
    /// </summary>
    public bool ServeObjectsWithoutPermissions { get; set; }

    /// <summary>The largest request body in bytes; a larger one is refused (413) before it is parsed. 1 MiB by default.</summary>
    public int MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>The page size of a list that gives no <c>top</c>/<c>limit</c>. 100 by default.</summary>
    public int DefaultPageSize { get; set; } = 100;

    /// <summary>
    /// The largest <c>top</c>/<c>limit</c> a list or find may ask for (a larger one is refused, 400), and the most records
    /// an RPC <c>find</c> without a limit returns (when more match it is refused, never cut short). 1000 by default.
    /// </summary>
    public int MaxPageSize { get; set; } = 1000;
}
