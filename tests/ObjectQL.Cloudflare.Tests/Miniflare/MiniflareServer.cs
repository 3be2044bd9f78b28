using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace ObjectQL.Cloudflare.Tests.Miniflare;

/// <summary>
/// One real workerd (through the npm package miniflare, installed by tests/setup/miniflare.sh) on 127.0.0.1 with a
/// free port, running the test Worker: the bridge Worker with real D1 and KV bindings plus D1's and KV's HTTP API
/// shapes over the same bindings. Stopped by closing the host's stdin (it then disposes Miniflare, which stops
/// workerd); the host also stops when this process dies. Process ids are written to a run file so the next start
/// can end whatever a killed run left behind.
/// </summary>
public sealed class MiniflareServer : IAsyncDisposable
{
    public const string AccountId = "0123456789abcdef0123456789abcdef";
    public const string DatabaseId = "11111111-2222-3333-4444-555555555555";
    public const string KvNamespaceId = "0f2ac74b498b48028cb68387c421e279";
    public const string ApiToken = "test-api-token";
    public const string BridgeSecret = "bridge-secret-0123456789";

    /// <summary>More D1 databases (their bindings), for tests that need several servers at once (the sync server's).</summary>
    public static readonly IReadOnlyList<string> SyncDatabases = ["SYNC0", "SYNC1", "SYNC2", "SYNC3"];

    private readonly Process _host;
    private readonly string _runFile;

    private MiniflareServer(Process host, Uri url, string runFile)
    {
        _host = host;
        Url = url;
        _runFile = runFile;
    }

    /// <summary>The Worker's address, ending with a slash.</summary>
    public Uri Url { get; }

    /// <summary>The options of the bridge transport.</summary>
    public CloudflareOptions BridgeOptions => new() { BridgeUrl = Url, BridgeSecret = BridgeSecret, KvCacheBinding = "KV", RetryDelay = TimeSpan.FromMilliseconds(5) };

    /// <summary>The options of D1's HTTP API transport (the Worker's REST-shaped routes).</summary>
    public CloudflareOptions HttpApiOptions => new()
    {
        ApiBaseUrl = new Uri(Url, "client/v4/"),
        AccountId = AccountId,
        DatabaseId = DatabaseId,
        ApiToken = ApiToken,
        KvNamespaceId = KvNamespaceId,
        RetryDelay = TimeSpan.FromMilliseconds(5),
    };

    public static Task<MiniflareServer> StartAsync(CancellationToken cancellationToken = default) => StartHostAsync(new HostConfig(
            Path.Combine(AppContext.BaseDirectory, "Miniflare"),
            "test-worker.mjs",
            new[] { ("DB", DatabaseId) }.Concat(SyncDatabases.Select(static b => (b, b.ToLowerInvariant()))).ToDictionary(static d => d.Item1, static d => d.Item2),
            new Dictionary<string, string> { ["KV"] = KvNamespaceId },
            new Dictionary<string, string>
            {
                ["BRIDGE_SECRET"] = BridgeSecret,
                ["API_TOKEN"] = ApiToken,
                ["ACCOUNT_ID"] = AccountId,
                ["DATABASE_ID"] = DatabaseId,
                ["KV_NAMESPACE_ID"] = KvNamespaceId,
            }), cancellationToken);

    /// <summary>
    /// A bundled Worker: the modules <paramref name="modulesFile"/> (a JSON list of <c>{type, path}</c>, main module first)
    /// names in <paramref name="root"/>, with one D1 database bound as <c>DB</c>.
    /// </summary>
    public static Task<MiniflareServer> StartBundleAsync(string root, string modulesFile, CancellationToken cancellationToken = default) =>
        StartHostAsync(new HostConfig(root, null, new Dictionary<string, string> { ["DB"] = "bundle" }, [], []) { Modules = modulesFile }, cancellationToken);

    private static async Task<MiniflareServer> StartHostAsync(HostConfig hostConfig, CancellationToken cancellationToken)
    {
        var repository = RepositoryRoot();
        var install = Environment.GetEnvironmentVariable("OBJECTQL_MINIFLARE_DIR") ?? Path.Combine(repository, "artifacts", "miniflare");
        await EnsureInstalledAsync(repository, cancellationToken);
        var runs = Path.Combine(install, "runs");
        Directory.CreateDirectory(runs);
        EndStaleRuns(runs);

        var scripts = Path.Combine(AppContext.BaseDirectory, "Miniflare");
        var config = JsonSerializer.Serialize(hostConfig, HostJson.Default.HostConfig);
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = scripts,
        };
        start.ArgumentList.Add(Path.Combine(scripts, "miniflare-host.mjs"));
        start.ArgumentList.Add(install);
        start.ArgumentList.Add(config);
        var host = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var errors = new System.Text.StringBuilder();
        host.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        host.BeginErrorReadLine();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        Uri? url = null;
        var runFile = Path.Combine(runs, $"{Environment.ProcessId}-{host.Id}.pids");
        while (await host.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("READY ", StringComparison.Ordinal))
            {
                url = new Uri(line[6..].Trim().TrimEnd('/') + "/");
            }
            else if (line.StartsWith("PIDS ", StringComparison.Ordinal))
            {
                await File.WriteAllTextAsync(runFile, $"{Environment.ProcessId} {line[5..]}", cancellationToken);
                break;
            }
        }
        if (url is null)
        {
            host.Kill(entireProcessTree: true);
            string log;
            lock (errors)
            {
                log = errors.ToString();
            }
            throw new InvalidOperationException($"Miniflare did not start: {log}");
        }
        // Keep draining stdout so the host never blocks on a full pipe.
        _ = host.StandardOutput.ReadToEndAsync(CancellationToken.None);
        return new MiniflareServer(host, url, runFile);
    }

    /// <summary>Queues answers the Worker gives instead of serving the next requests.</summary>
    public async Task QueueFaultsAsync(HttpClient http, params Fault[] faults)
    {
        using var content = new StringContent(JsonSerializer.Serialize(faults, HostJson.Default.FaultArray));
        using var response = await http.PostAsync(new Uri(Url, "__faults"), content);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _host.StandardInput.Close();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _host.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            _host.Kill(entireProcessTree: true);
        }
        EndRun(_runFile);
        _host.Dispose();
    }

    private static async Task EnsureInstalledAsync(string repository, CancellationToken cancellationToken)
    {
        var setup = new ProcessStartInfo("bash") { UseShellExecute = false };
        setup.ArgumentList.Add(Path.Combine(repository, "tests", "setup", "miniflare.sh"));
        using var process = Process.Start(setup) ?? throw new InvalidOperationException("bash did not start.");
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException("tests/setup/miniflare.sh failed; see its output.");
        }
    }

    // A run file names the test process, then node and workerd. When the test process is gone, what it started must go too.
    private static void EndStaleRuns(string runs)
    {
        foreach (var file in Directory.GetFiles(runs, "*.pids"))
        {
            var owner = int.Parse(File.ReadAllText(file).Split(' ')[0], CultureInfo.InvariantCulture);
            if (!IsAlive(owner))
            {
                EndRun(file);
            }
        }
    }

    private static void EndRun(string file)
    {
        if (!File.Exists(file))
        {
            return;
        }
        foreach (var pid in File.ReadAllText(file).Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(static p => int.Parse(p, CultureInfo.InvariantCulture)))
        {
            if (IsAlive(pid) && IsMiniflareProcess(pid))
            {
                try
                {
                    using var process = Process.GetProcessById(pid);
                    process.Kill();
                }
                catch (ArgumentException)
                {
                    // ended meanwhile
                }
            }
        }
        File.Delete(file);
    }

    private static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}");

    // Only ever end a process that is ours: node running the host script, or workerd.
    private static bool IsMiniflareProcess(int pid)
    {
        try
        {
            var command = File.ReadAllText($"/proc/{pid}/cmdline");
            return command.Contains("workerd", StringComparison.Ordinal) || command.Contains("miniflare-host.mjs", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ObjectQL.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("The repository root (ObjectQL.slnx) was not found above the test binaries.");
    }
}

/// <summary>An answer the Worker gives instead of serving a request.</summary>
public sealed record Fault(int Status, string? Body = null, Dictionary<string, string>? Headers = null);

internal sealed record HostConfig(string Root, string? Script, Dictionary<string, string> D1, Dictionary<string, string> Kv, Dictionary<string, string> Bindings)
{
    /// <summary>A bundled Worker's module list (a file in <see cref="Root"/>), used instead of <see cref="Script"/>.</summary>
    public string? Modules { get; init; }
}

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
[System.Text.Json.Serialization.JsonSerializable(typeof(HostConfig))]
[System.Text.Json.Serialization.JsonSerializable(typeof(Fault[]))]
internal sealed partial class HostJson : System.Text.Json.Serialization.JsonSerializerContext;
