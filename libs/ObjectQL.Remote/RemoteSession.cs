using System.Collections.Concurrent;
using ObjectQL.Metadata;
using ObjectQL.Remote.Http;

namespace ObjectQL.Remote;

/// <summary>
/// A session whose repositories call an ObjectQL server's REST API (<c>app.MapObjectQL(...)</c>) instead of a local
/// driver. Generated repositories hang off it as off a local session (<c>session.TodoItems()</c>), and
/// <see cref="Object"/> gives the untyped repository. The server's pipeline does the work: it stamps ids, system fields and
/// versions, checks permissions and validation, and runs every call in its own transaction; its errors come back as the
/// same <see cref="ObjectQLException"/> codes. What needs a transaction held across calls is refused (see
/// <see cref="TransactionAsync"/>); docs/remote.md lists what works remotely.
/// </summary>
public sealed class RemoteSession : IObjectQLSession
{
    private readonly RemoteHttp _http;
    private readonly ObjectModel _model;
    private readonly ConcurrentDictionary<string, RemoteRepository> _repositories = new(StringComparer.Ordinal);

    /// <summary>
    /// A session over <paramref name="client"/> for the objects of <paramref name="model"/> (the generated
    /// <c>AppModel.Objects</c>, the same model the server serves). The client is not disposed by the session.
    /// </summary>
    /// <param name="client">The HTTP client; its <see cref="HttpClient.BaseAddress"/> is the REST API's address unless <see cref="RemoteSessionOptions.Endpoint"/> is set.</param>
    /// <param name="model">The objects the session serves; it reads the server's answers by their field types.</param>
    /// <param name="options">The endpoint and the bearer token provider.</param>
    public RemoteSession(HttpClient client, ObjectModel model, RemoteSessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(model);
        _http = new RemoteHttp(client, options ?? new RemoteSessionOptions());
        _model = model;
    }

    /// <summary>The address of the REST API the session calls.</summary>
    public Uri Endpoint => _http.Endpoint;

    /// <inheritdoc />
    /// <remarks>An object the model does not hold is <see cref="ErrorCodes.NotFound"/> without asking the server.</remarks>
    public IObjectRepository Object(string objectName)
    {
        ArgumentNullException.ThrowIfNull(objectName);
        return _repositories.GetOrAdd(objectName, static (name, session) => new RemoteRepository(session._http, session._model,
            session._model.Find(name) ?? throw ObjectQLException.NotFound(
                $"Object '{name}' is not in the model of this remote session; pass the model the server serves (AppModel.Objects).")),
            this);
    }

    /// <summary>
    /// Always refused with <see cref="ErrorCodes.DriverUnsupportedOperation"/>: a transaction cannot be held open across
    /// HTTP calls, so a remote session has none. Each call is already atomic on the server (a create-many, an update or
    /// delete by filter is all or none); for read-modify-write use the expected <c>_version</c> (compare-and-swap) and
    /// retry on <see cref="ErrorCodes.Conflict"/>; for a unit that spans several objects, run it on the server (a hook or
    /// an endpoint of your own) where <c>ObjectQLSession.TransactionAsync</c> is available.
    /// </summary>
    /// <exception cref="ObjectQLException">Always.</exception>
    public Task TransactionAsync(Func<RemoteSession, CancellationToken, Task> body, CancellationToken cancellationToken = default) =>
        throw new ObjectQLException(ErrorCodes.DriverUnsupportedOperation,
            "A remote session cannot hold a transaction across HTTP calls. Each call is atomic on the server: use CreateManyAsync, " +
            "UpdateManyAsync(where, patch) or DeleteManyAsync for all-or-none writes, the expected _version for compare-and-swap, " +
            "or run the unit of work on the server with ObjectQLSession.TransactionAsync.",
            [new ErrorDetail(null, "Transactions are not available over HTTP.", "remote_unsupported")]);
}
