namespace ObjectQL.Remote;

/// <summary>Where a <see cref="RemoteSession"/> sends its calls and how it authenticates them.</summary>
public sealed class RemoteSessionOptions
{
    /// <summary>
    /// The absolute address of the server's REST API, the prefix given to <c>app.MapObjectQL(...)</c>, such as
    /// <c>https://api.example.com/api/data</c>. When null, the <see cref="HttpClient.BaseAddress"/> of the client is used.
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>
    /// Supplies the bearer token sent with every request (<c>Authorization: Bearer ...</c>), asked anew for each call so a
    /// refreshed token is picked up; null or empty sends no header. For other schemes add a <see cref="DelegatingHandler"/>
    /// to the <see cref="HttpClient"/> instead.
    /// </summary>
    public Func<CancellationToken, ValueTask<string?>>? AccessToken { get; set; }

    /// <summary>
    /// The path of the server's RPC endpoint (its <c>ObjectQLApiOptions.RpcPath</c>), <c>/api/objectql</c> by default.
    /// Finds and counts go there, the query in the request body: no query string limits its size, and the server reads
    /// the same query the local API takes.
    /// </summary>
    public string RpcPath { get; set; } = "/api/objectql";

    /// <summary>
    /// The most records one find request asks for; 1,000 by default, the server's default <c>MaxPageSize</c>. A find
    /// without a limit, or with a larger one, reads page after page until its answer is complete, so a server's page size
    /// never cuts a result short. Keep it at or below the server's <c>ObjectQLApiOptions.MaxPageSize</c>.
    /// </summary>
    public int PageSize { get; set; } = 1000;
}
