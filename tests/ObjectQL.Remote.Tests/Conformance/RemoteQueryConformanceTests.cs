using ObjectQL.Remote.Tests.Server;
using ObjectQL.Testing;

namespace ObjectQL.Remote.Tests.Conformance;

/// <summary>
/// The kit's query cases (filters, sorts, paging, strings, aggregates, bad input) asked through a remote session: the kit
/// opens its database over the driver under test, a live server serves that database, and <see cref="Session"/> is a
/// <see cref="RemoteSession"/> to it. Every answer must equal the local pipeline's. The server runs the caller as the
/// system context, as the kit's own database does.
/// </summary>
public abstract class RemoteQueryConformanceTests : QueryConformanceTests
{
    private const string Token = "kit";

    private LiveServer? _server;
    private HttpClient? _client;
    private RemoteSession? _session;

    /// <summary>The remote session to the server over <see cref="QueryConformanceTests.Db"/>.</summary>
    protected override IObjectQLSession Session => _session ?? throw new InvalidOperationException("The server starts in SetUp.");

    [SetUp]
    public async Task StartServerAsync()
    {
        _server = await LiveServer.StartAsync(Db, new Dictionary<string, ObjectQLContext> { [Token] = ObjectQLContext.System });
        _client = new HttpClient();
        _session = new RemoteSession(_client, Model, new RemoteSessionOptions
        {
            Endpoint = _server.Endpoint,
            AccessToken = static _ => ValueTask.FromResult<string?>(Token),
        });
    }

    [TearDown]
    public async Task StopServerAsync()
    {
        _client?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        _server = null;
        _session = null;
    }
}
