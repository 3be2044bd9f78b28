using System.Diagnostics;

namespace ObjectQL.Sync.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A child process (<c>dotnet &lt;assembly&gt;</c>) whose output lines the test waits for, and kills for real
/// (<see cref="Process.Kill(bool)"/>, no shutdown code runs) or stops by closing its input.
/// </summary>
internal sealed class ChildApp : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Threading.Channels.Channel<string> _lines = System.Threading.Channels.Channel.CreateUnbounded<string>();
    private readonly Task<string> _errors;

    private ChildApp(Process process)
    {
        _process = process;
        _errors = process.StandardError.ReadToEndAsync();
        _ = PumpAsync();
    }

    /// <summary>Starts the test server process (the same app the in-process tests host).</summary>
    public static ChildApp StartServer(params string[] arguments) => Start(Path.Combine(AppContext.BaseDirectory, "ObjectQL.Sync.TestServer.dll"), arguments);

    /// <summary>Starts a device process (<c>ObjectQL.Sync.EndToEnd.DeviceApp</c>).</summary>
    public static ChildApp StartDevice(params string[] arguments) => Start(
        Path.Combine(AppContext.BaseDirectory, "..", "..", "ObjectQL.Sync.EndToEnd.DeviceApp", new DirectoryInfo(AppContext.BaseDirectory).Name, "ObjectQL.Sync.EndToEnd.DeviceApp.dll"),
        arguments);

    private static ChildApp Start(string assembly, string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        return new ChildApp(Process.Start(start) ?? throw new InvalidOperationException($"Could not start {assembly}."));
    }

    private async Task PumpAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            await _lines.Writer.WriteAsync(line);
        }
        _lines.Writer.Complete();
    }

    /// <summary>Waits for the first output line that starts with <paramref name="prefix"/> and returns it.</summary>
    public async Task<string> WaitForLineAsync(string prefix)
    {
        using var deadline = new CancellationTokenSource(Eventually.Deadline);
        try
        {
            await foreach (var line in _lines.Reader.ReadAllAsync(deadline.Token))
            {
                if (line.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return line;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        throw new InvalidOperationException($"The child process never printed '{prefix}' (exited: {_process.HasExited}); its errors: {(_process.HasExited ? await _errors : "")}");
    }

    /// <summary>The address a test server process prints once it serves.</summary>
    public async Task<Uri> ListeningAsync() => new((await WaitForLineAsync("listening "))["listening ".Length..]);

    /// <summary>Kills the process at once and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.StandardInput.Close();
            try
            {
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            }
            catch (TimeoutException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
    }
}
