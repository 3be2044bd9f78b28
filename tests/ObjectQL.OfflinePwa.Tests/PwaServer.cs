using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using ObjectQL.Browser.Tests;

namespace ObjectQL.OfflinePwa.Tests;

/// <summary>
/// The PWA's server (examples/offline-pwa/Host) as its own process on 127.0.0.1, serving the published app and the sync
/// endpoint over a fresh SQLite file; its REST API tells the tests what the server holds.
/// </summary>
internal sealed class PwaServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;
    private readonly HttpClient _http;

    private PwaServer(Process process, string directory, Uri address)
    {
        _process = process;
        _directory = directory;
        Address = address;
        _http = new HttpClient { BaseAddress = address };
        // The demo's token (examples/offline-pwa/Host/DemoToken.cs), the same the app sends.
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "offline-pwa-demo");
    }

    public Uri Address { get; }

    public static async Task<PwaServer> StartAsync(string webRoot, int seedTodos = 0)
    {
        // The test assembly is in artifacts/bin/<project>/<configuration>/; the host was built in the same configuration.
        var configuration = Path.GetFileName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var dll = Path.Combine(Repository.Root, "artifacts", "bin", "OfflinePwa.Host", configuration, "OfflinePwa.Host.dll");
        var directory = Directory.CreateTempSubdirectory("objectql-offline-pwa-").FullName;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            dll, "--urls", "http://127.0.0.1:0", "--WebRoot", webRoot, "--Database", $"Data Source={Path.Combine(directory, "server.db")}",
            "--SeedTodos", seedTodos.ToString(System.Globalization.CultureInfo.InvariantCulture), "--Logging:LogLevel:Default", "Warning", "--StopWhenInputCloses", "true",
        })
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("The PWA's server did not start.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith("listening ", StringComparison.Ordinal))
                {
                    return new PwaServer(process, directory, new Uri(line["listening ".Length..].Trim() + "/"));
                }
            }
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        process.Kill(entireProcessTree: true);
        throw new InvalidOperationException("The PWA's server ended without saying where it listens.");
    }

    /// <summary>Every record of <paramref name="objectName"/> on the server, through its REST API.</summary>
    public async Task<IReadOnlyList<JsonElement>> RecordsAsync(string objectName)
    {
        using var response = await _http.GetAsync($"api/data/{objectName}?top=100");
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, text);
        using var document = JsonDocument.Parse(text);
        return [.. document.RootElement.GetProperty("items").EnumerateArray().Select(static e => e.Clone())];
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
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
