using System.Diagnostics;

namespace ObjectQL.Server.Benchmarks;

/// <summary>One server process on a free loopback port; ready once <c>readyPath</c> answers 200. Killed when disposed.</summary>
internal sealed class RunningServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;

    private RunningServer(Process process, HttpClient http)
    {
        _process = process;
        Http = http;
    }

    public HttpClient Http { get; }

    public static async Task<RunningServer> StartAsync(Target target, string database, string readyPath = "/health")
    {
        var port = Measurer.FreePort();
        var start = new ProcessStartInfo(target.Binary)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(target.Binary)!,
        };
        foreach (var argument in target.IsObjectQL
            ? ["--urls", $"http://127.0.0.1:{port}", "--ObjectQL:Sqlite", $"Data Source={database}", "--Server:DevelopmentAuthentication", "true", "--Logging:LogLevel:Default", "Warning"]
            : new[] { "--urls", $"http://127.0.0.1:{port}", "--db", database + ".raw" })
        {
            start.ArgumentList.Add(argument);
        }
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        var http = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        var process = Process.Start(start)!;
        // Drained so a chatty server never blocks on a full pipe.
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RunningServer(process, http);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited || clock.Elapsed > StartTimeout)
            {
                await server.DisposeAsync();
                throw new InvalidOperationException($"{target.Binary} did not answer {readyPath} (exited: {process.HasExited}).");
            }
            try
            {
                using var response = await http.SendAsync(Measurer.Authorized(new HttpRequestMessage(HttpMethod.Get, readyPath)));
                if (response.IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet. A pause of a millisecond, not a spin: on a small machine a spinning poller takes a core
                // from the very start-up it measures.
                await Task.Delay(1);
            }
        }
    }

    /// <summary>
    /// The CPU time the process has used so far, in milliseconds: the sum over its threads of the time each spent
    /// running (<c>/proc/PID/task/*/schedstat</c>, nanoseconds). On a busy machine this varies far less than wall time,
    /// which also counts the time the server waited for a core.
    /// </summary>
    public double CpuMilliseconds()
    {
        long nanoseconds = 0;
        foreach (var task in Directory.EnumerateDirectories($"/proc/{_process.Id}/task"))
        {
            try
            {
                var text = File.ReadAllText(Path.Combine(task, "schedstat"));
                nanoseconds += long.Parse(text.AsSpan(0, text.IndexOf(' ')), System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The thread ended between listing and reading; its time is lost, as it is for threads ended earlier.
            }
        }
        return nanoseconds / 1_000_000.0;
    }

    /// <summary>The process's resident set size (VmRSS), in bytes.</summary>
    public long ResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }
        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
