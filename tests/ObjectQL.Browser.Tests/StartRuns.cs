namespace ObjectQL.Browser.Tests;

/// <summary>
/// Publishes the kit once and starts every host's run at the start, side by side (each is one single-threaded process),
/// so the fixtures then mostly read results that are already there.
/// </summary>
[SetUpFixture]
public sealed class StartRuns
{
    [OneTimeSetUp]
    public void StartEveryRun()
    {
        foreach (var (host, fixture) in KitTests.Runs)
        {
            _ = KitRuns.ResultsAsync(host, fixture);
        }
        _ = BrowserStoreTests.ChecksAsync();
    }
}
