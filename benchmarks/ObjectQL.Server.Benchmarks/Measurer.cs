using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace ObjectQL.Server.Benchmarks;

/// <summary>Starts a server binary as a child process and measures it over loopback HTTP.</summary>
internal static class Measurer
{
    public static async Task<Measurement> MeasureAsync(Target target, MeasureOptions options)
    {
        var folder = Directory.CreateTempSubdirectory("objectql-measure-").FullName;
        try
        {
            var database = Path.Combine(folder, "bench.db");
            var path = await SeedAsync(target, database);
            var coldStarts = new List<double>();
            var coldStartCpu = new List<double>();
            for (var i = 0; i < options.ColdStarts; i++)
            {
                var (wall, cpu) = await ColdStartAsync(target, database, path);
                coldStarts.Add(wall);
                coldStartCpu.Add(cpu);
            }
            var (requestsPerSecond, peakRss) = await LoadAsync(target, database, path, options);
            return new Measurement(target.Name, new FileInfo(target.Binary).Length / 1024.0 / 1024.0,
                Median(coldStarts), Median(coldStartCpu), requestsPerSecond, peakRss / 1024.0 / 1024.0);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // The path of the record every later request reads. The ObjectQL server makes its schema at its first start.
    private static async Task<string> SeedAsync(Target target, string database)
    {
        await using var server = await RunningServer.StartAsync(target, database);
        if (!target.IsObjectQL)
        {
            return "/api/data/todo_item/raw-1";
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/data/todo_item")
        {
            Content = new StringContent("""{"title":"Buy milk","priority":"high","owner":"bench"}""", Encoding.UTF8, "application/json"),
        };
        using var response = await server.Http.SendAsync(Authorized(request));
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return "/api/data/todo_item/" + body.RootElement.GetProperty("id").GetString();
    }

    // Wall time from process start to the first answered GET by id, and the CPU time the server used until then.
    private static async Task<(double Wall, double Cpu)> ColdStartAsync(Target target, string database, string path)
    {
        var started = Stopwatch.StartNew();
        await using var server = await RunningServer.StartAsync(target, database, readyPath: path);
        var wall = started.Elapsed.TotalMilliseconds;
        return (wall, server.CpuMilliseconds());
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    private static async Task<(double RequestsPerSecond, long PeakRss)> LoadAsync(Target target, string database, string path, MeasureOptions options)
    {
        await using var server = await RunningServer.StartAsync(target, database, readyPath: path);
        using var warmUp = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await RunLoadAsync(server.Http, path, options.Connections, warmUp.Token);
        long peak = 0;
        using var measured = new CancellationTokenSource(TimeSpan.FromSeconds(options.Seconds));
        var sampler = Task.Run(async () =>
        {
            while (!measured.IsCancellationRequested)
            {
                peak = Math.Max(peak, server.ResidentBytes());
                await Task.Delay(100, CancellationToken.None);
            }
        });
        var clock = Stopwatch.StartNew();
        var answered = await RunLoadAsync(server.Http, path, options.Connections, measured.Token);
        clock.Stop();
        await sampler;
        return (answered / clock.Elapsed.TotalSeconds, peak);
    }

    private static async Task<long> RunLoadAsync(HttpClient http, string path, int connections, CancellationToken stop)
    {
        var loops = Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            long answered = 0;
            while (!stop.IsCancellationRequested)
            {
                using var request = Authorized(new HttpRequestMessage(HttpMethod.Get, path));
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, CancellationToken.None);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}.");
                }
                answered++;
            }
            return answered;
        }));
        return (await Task.WhenAll(loops)).Sum();
    }

    // The ObjectQL server runs with its development scheme on; the raw baseline ignores the header.
    internal static HttpRequestMessage Authorized(HttpRequestMessage request)
    {
        request.Headers.Add("X-ObjectQL-User", "bench");
        request.Headers.Add("X-ObjectQL-Roles", "member");
        return request;
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
