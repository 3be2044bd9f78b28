using BenchmarkDotNet.Running;
using ObjectQL.Cloudflare.Benchmarks;

// One Miniflare (real workerd, the bridge Worker, a real D1 database) for the whole run; the benchmarks run in this
// process so they reach it. Without --job the run is a ShortRun; `--job Dry` runs each benchmark once (a smoke test).
await using (D1Benchmarks.Server = await ObjectQL.Cloudflare.Tests.Miniflare.MiniflareServer.StartAsync())
{
    var job = args.Contains("--job") ? [] : new[] { "--job", "short" };
    BenchmarkSwitcher.FromAssembly(typeof(D1Benchmarks).Assembly).Run([.. args, .. job, "--inProcess"]);
}
