namespace ObjectQL.Browser.Tests;

/// <summary>
/// The whole conformance kit, compiled to WebAssembly, on every host: the browser SQLite store (sqlite-wasm in a Worker,
/// OPFS) in headless Chromium; the core and the memory driver under Node; the JavaScript-held SQLite store under Node
/// (sqlite-wasm on Node 20), Deno (node:sqlite) and Bun (bun:sqlite). Each host runs its fixture once; each case then
/// reads its own result. The hosts are separate processes with their own databases, so their fixtures run side by side
/// (<see cref="LevelOfParallelismAttribute"/> in AssemblyInfo.cs); the memory driver, whose answers do not depend on the
/// host, runs once, under Node.
/// </summary>
[Parallelizable(ParallelScope.Fixtures)]
[TestFixture(KitHost.Chromium, "sqlite-opfs")]
[TestFixture(KitHost.Node, "memory")]
[TestFixture(KitHost.Node, "sqlite")]
[TestFixture(KitHost.Deno, "sqlite")]
[TestFixture(KitHost.Bun, "sqlite")]
public sealed class KitTests(KitHost host, string fixture)
{

    /// <summary>Each kit case, run inside WebAssembly on the host.</summary>
    [TestCaseSource(typeof(KitRuns), nameof(KitRuns.CaseNames))]
    public Task Kit_case_passes(string name) => KitRuns.AssertPassedAsync(host, fixture, name);

    /// <summary>The store is the one the host was meant to have: OPFS in the page, never a silent fallback.</summary>
    [Test]
    public async Task The_store_is_the_hosts_own()
    {
        var results = await KitRuns.ResultsAsync(host, fixture);
        var expected = (host, fixture) switch
        {
            (KitHost.Chromium, _) => "Opfs",
            _ => "Memory",
        };
        Assert.That(results["(storage)"].Message, Is.EqualTo(expected));
    }
}
