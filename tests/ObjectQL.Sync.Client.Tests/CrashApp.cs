using System.Diagnostics;

namespace ObjectQL.Sync.Client.Tests;

// The CrashApp child process in one mode on one SQLite file, running until it prints its point; disposing kills it.
internal sealed class CrashApp : IAsyncDisposable
{
    private readonly Process _process;

    private CrashApp(Process process) => _process = process;

    public List<string> Lines { get; } = [];

    public static async Task<CrashApp> StartAsync(string mode, string file, string point)
    {
        var app = Path.Combine(AppContext.BaseDirectory, "..", "..", "ObjectQL.Sync.Client.CrashApp", new DirectoryInfo(AppContext.BaseDirectory).Name, "ObjectQL.Sync.Client.CrashApp.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.GetFullPath(app));
        start.ArgumentList.Add(mode);
        start.ArgumentList.Add(file);
        var child = new CrashApp(Process.Start(start)!);
        try
        {
            // A guard against a child that hangs, not a timing assertion.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (await child._process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                child.Lines.Add(line);
                if (line == point)
                {
                    return child;
                }
            }
            Assert.Fail($"The crash program ended before {point}: {await child._process.StandardError.ReadToEndAsync()}");
            return child;
        }
        catch
        {
            await child.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
