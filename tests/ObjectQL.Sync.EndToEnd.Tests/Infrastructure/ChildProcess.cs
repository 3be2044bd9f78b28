using System.Diagnostics;

namespace ObjectQL.Sync.EndToEnd.Tests.Infrastructure;

/// <summary>Runs <c>dotnet &lt;assembly&gt;</c> from the test's output folder to its end and returns its exit code and output.</summary>
internal static class ChildProcess
{
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string assembly, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, assembly));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {assembly}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{assembly} did not end within 2 minutes; its output so far: {await output}");
        }
        return (process.ExitCode, await output, await errors);
    }
}
