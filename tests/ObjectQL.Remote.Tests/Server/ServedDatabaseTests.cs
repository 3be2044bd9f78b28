namespace ObjectQL.Remote.Tests.Server;

/// <summary>A fixture with a fresh <see cref="ServedDatabase"/> (a SQLite file behind a live server) per test.</summary>
public abstract class ServedDatabaseTests
{
    private ServedDatabase? _served;

    internal ServedDatabase Served => _served ?? throw new InvalidOperationException("The server starts in SetUp.");

    [SetUp]
    public async Task StartServerAsync() => _served = await ServedDatabase.StartAsync();

    [TearDown]
    public async Task StopServerAsync()
    {
        if (_served is not null)
        {
            await _served.DisposeAsync();
        }
        _served = null;
    }
}
