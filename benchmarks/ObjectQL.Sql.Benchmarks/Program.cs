using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using ObjectQL.Testing.Postgres;

// One short in-process run: the PostgreSQL cluster is started once here (durable settings, fsync on) and shared by
// every PostgreSQL benchmark, each of which works in its own fresh database.
PostgresCluster.Fast = false;
_ = PostgresCluster.ServerConnectionString;
try
{
    // --dry runs every benchmark once (a smoke test); otherwise a ShortRun (3 warm-ups, 3 measured iterations).
    var dry = args.Contains("--dry");
    args = args.Where(a => a != "--dry").ToArray();
    var config = ManualConfig.Create(DefaultConfig.Instance)
        .AddJob((dry ? Job.Dry : Job.ShortRun).WithToolchain(InProcessEmitToolchain.Instance))
        .WithOptions(ConfigOptions.JoinSummary);
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
}
finally
{
    PostgresCluster.Stop();
}
