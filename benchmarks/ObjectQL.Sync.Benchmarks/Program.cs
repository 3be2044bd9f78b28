using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using ObjectQL.Sync.Benchmarks;
using ObjectQL.Testing.Postgres;

// In-process runs (the Kestrel servers and the PostgreSQL cluster live in this process), ShortRun by default;
// "--job Dry" runs each benchmark once as a smoke test (read here: BenchmarkDotNet would keep the default job beside it).
// The cluster is durable (fsync on). "--counts" prints allocations and statements of single runs instead (Counts.cs);
// "--head-quick" prints the head's cost from stopwatch rounds (HeadQuick.cs); "--pull-quick" times pulls and initial
// syncs by stopwatch (PullQuick.cs); "--read-quick" times the client's read of a pull's answers alone (ReadQuick.cs).
// "--client-pull" times a sync client's first pull into a fresh local store (ClientPull.cs). "--push-quick" repeats
// pushes of 1000 creates or updates, for CPU profiles (PushQuick.cs); "--request-quick" times the server's reading of
// one push of 1000 alone (RequestQuick.cs).
var jobAt = Array.IndexOf(args, "--job");
var dry = jobAt >= 0 && jobAt + 1 < args.Length && args[jobAt + 1].Equals("dry", StringComparison.OrdinalIgnoreCase);
BenchSizes.Dry = dry;
if (jobAt >= 0)
{
    args = args.Where((_, i) => i != jobAt && i != jobAt + 1).ToArray();
}
PostgresCluster.Fast = false;
_ = PostgresCluster.ServerConnectionString;
try
{
    if (args.Contains("--counts"))
    {
        await Counts.RunAsync(args);
        return;
    }
    if (args.Contains("--client-pull"))
    {
        await ClientPull.RunAsync(args);
        return;
    }
    if (args.Contains("--request-quick"))
    {
        RequestQuick.Run(args);
        return;
    }
    if (args.Contains("--read-quick"))
    {
        await ReadQuick.RunAsync(args);
        return;
    }
    if (args.Contains("--pull-quick"))
    {
        await PullQuick.RunAsync(args);
        return;
    }
    if (args.Contains("--push-quick"))
    {
        await PushQuick.RunAsync(args);
        return;
    }
    if (args.Contains("--head-quick"))
    {
        await HeadQuick.RunAsync(args);
        return;
    }
    var config = ManualConfig.Create(DefaultConfig.Instance)
        .AddJob((dry ? Job.Dry : Job.ShortRun).WithToolchain(InProcessEmitToolchain.Instance))
        .WithOptions(ConfigOptions.JoinSummary);
    BenchmarkSwitcher.FromAssembly(typeof(PushBenchmarks).Assembly).Run(args, config);
}
finally
{
    PostgresCluster.Stop();
}
