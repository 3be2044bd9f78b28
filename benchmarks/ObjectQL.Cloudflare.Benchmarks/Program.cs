using BenchmarkDotNet.Running;
using ObjectQL.Cloudflare.Benchmarks;

// One Miniflare (real workerd, the bridge Worker, a real D1 database) for the whole run; the benchmarks run in this
// process so they reach it. Without --job the run is a ShortRun; `--job Dry` runs each benchmark once (a smoke test).
// Without --filter every benchmark runs (BenchmarkDotNet would otherwise wait for a choice on the console). Miniflare,
// and with it workerd, stops when the run ends, also when it fails; a killed run's workerd is ended by the next start.
var job = args.Contains("--job") ? [] : new[] { "--job", "short" };
var filter = args.Contains("--filter") ? [] : new[] { "--filter", "*" };
await using (D1Benchmarks.Server = await ObjectQL.Cloudflare.Tests.Miniflare.MiniflareServer.StartAsync())
{
    BenchmarkSwitcher.FromAssembly(typeof(D1Benchmarks).Assembly).Run([.. args, .. job, .. filter, "--inProcess"]);
}
