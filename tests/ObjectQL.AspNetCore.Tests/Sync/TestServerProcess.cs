using System.Diagnostics;

namespace ObjectQL.AspNetCore.Tests.Sync;

/// <summary>The test sync server as its own process (<c>dotnet ObjectQL.Sync.TestServer.dll</c>), stopped by closing its input.</summary>
internal sealed class TestServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private TestServerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<TestServerProcess> StartAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ObjectQL.Sync.TestServer.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the test sync server.");
        var errors = process.StandardError.ReadToEndAsync();
        while (await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(2)) is { } line)
        {
            if (line.StartsWith("listening ", StringComparison.Ordinal))
            {
                return new TestServerProcess(process, new Uri(line["listening ".Length..]));
            }
        }
        await process.WaitForExitAsync();
        throw new InvalidOperationException($"The test sync server exited with {process.ExitCode}: {await errors}");
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }
}
