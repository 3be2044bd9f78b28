using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ObjectQL.Aot.Tests;

/// <summary>A finished process: its exit code and everything it wrote (shared with ObjectQL.Server.Tests).</summary>
public sealed partial record ProcessRun(int ExitCode, string Output)
{
    /// <summary>The distinct trimming and AOT warnings (IL2xxx, IL3xxx) in the output.</summary>
    public string[] TrimOrAotWarnings() => TrimOrAotWarning().Matches(Output).Select(m => m.Value).Distinct().ToArray();

    /// <summary>Runs <paramref name="fileName"/> to its end, killing it after <paramref name="timeout"/>.</summary>
    public static async Task<ProcessRun> RunAsync(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // The publish must report warnings as warnings (not the CI switch's errors) so the assertion can list them.
        start.Environment.Remove("CI");
        using var process = Process.Start(start)!;
        using var cancel = new CancellationTokenSource(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(cancel.Token);
        var stderr = process.StandardError.ReadToEndAsync(cancel.Token);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} did not finish within {timeout}.");
        }
        return new ProcessRun(process.ExitCode, await stdout + await stderr);
    }

    [GeneratedRegex(@"\bwarning IL[23]\d{3}\b[^\r\n]*")]
    private static partial Regex TrimOrAotWarning();
}
