using System.Globalization;

namespace OfflinePwa.Host;

/// <summary>The server's settings, read from configuration by key (<c>WebRoot</c>, <c>Database</c>, <c>SeedTodos</c>, <c>StopWhenInputCloses</c>).</summary>
internal sealed record HostSettings(string WebRoot, string Database, int SeedTodos, bool StopWhenInputCloses)
{
    public static HostSettings Read(IConfiguration configuration, IHostEnvironment environment)
    {
        // By default the folder the README's publish command writes, found from the project folder (dotnet run).
        var webRoot = Path.GetFullPath(configuration["WebRoot"] is { Length: > 0 } root
            ? root
            : Path.Combine(environment.ContentRootPath, "..", "..", "..", "artifacts", "offline-pwa", "wwwroot"));
        if (!File.Exists(Path.Combine(webRoot, "index.html")))
        {
            throw new InvalidOperationException(
                $"No published app in '{webRoot}': run 'dotnet publish examples/offline-pwa/App -c Release -o artifacts/offline-pwa' or pass --WebRoot <its wwwroot>.");
        }
        return new HostSettings(
            webRoot,
            configuration["Database"] is { Length: > 0 } database ? database : "Data Source=offline-pwa.db",
            configuration["SeedTodos"] is { Length: > 0 } seed ? int.Parse(seed, CultureInfo.InvariantCulture) : 0,
            configuration["StopWhenInputCloses"] == "true");
    }
}
