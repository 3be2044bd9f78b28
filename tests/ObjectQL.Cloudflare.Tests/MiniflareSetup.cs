using ObjectQL.Cloudflare.Tests.Miniflare;

/// <summary>
/// Starts one Miniflare for every test of the assembly and stops it after the last. In the global namespace because a
/// set-up fixture covers only its own namespace, and the sync server's tests compiled here (SyncServer/) have theirs.
/// </summary>
[SetUpFixture]
public sealed class MiniflareSetup
{
    private static MiniflareServer? _server;

    /// <summary>The running Miniflare.</summary>
    public static MiniflareServer Server => _server ?? throw new InvalidOperationException("Miniflare is not running.");

    /// <summary>One HTTP client for the whole run, as an application would hold it.</summary>
    public static HttpClient Http { get; } = new();

    [OneTimeSetUp]
    public async Task StartAsync() => _server = await MiniflareServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        Http.Dispose();
    }
}
