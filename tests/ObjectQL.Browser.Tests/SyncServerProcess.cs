using System.Diagnostics;

namespace ObjectQL.Browser.Tests;

/// <summary>The test sync server (tests/ObjectQL.Sync.TestServer) as its own process over a fresh SQLite file.</summary>
internal sealed class SyncServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private SyncServerProcess(Process process, string directory, Uri address)
    {
        _process = process;
        _directory = directory;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<SyncServerProcess> StartAsync(params string[] options)
    {
        // The test assembly is in artifacts/bin/<project>/<configuration>/; the server was built in the same configuration.
        var configuration = Path.GetFileName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var dll = Path.Combine(Repository.Root, "artifacts", "bin", "ObjectQL.Sync.TestServer", configuration, "ObjectQL.Sync.TestServer.dll");
        var directory = Directory.CreateTempSubdirectory("objectql-browser-sync-").FullName;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in (string[])[dll, "--sqlite", Path.Combine(directory, "server.db"), .. options])
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("The test sync server did not start.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith("listening ", StringComparison.Ordinal))
                {
                    return new SyncServerProcess(process, directory, new Uri(line["listening ".Length..].Trim()));
                }
            }
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        process.Kill(entireProcessTree: true);
        throw new InvalidOperationException("The test sync server ended without saying where it listens.");
    }

    public async ValueTask DisposeAsync()
    {
        // Closing standard input stops it; a process that does not stop is killed.
        _process.StandardInput.Close();
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
