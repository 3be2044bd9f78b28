using System.Runtime.InteropServices.JavaScript;
using System.Runtime.Versioning;
using EdgeCloudflareWasm.Model;
using ObjectQL;
using ObjectQL.Cloudflare;

namespace EdgeCloudflareWasm;

/// <summary>
/// What the Worker script calls. The database opens once per Worker isolate, on its first request: the D1 driver with
/// the bridge transport, whose requests <see cref="WorkerBridgeHandler"/> hands to the bridge code in this Worker.
/// </summary>
[SupportedOSPlatform("browser")]
internal static partial class WorkerApi
{
    // Any absolute URL will do: the handler never leaves the Worker. The secret is the one worker.mjs gives its bridge.
    private static readonly Uri InWorker = new("https://bridge.invalid/");

    private static Task<ObjectQLDatabase>? _database;

    /// <summary>
    /// Answers one REST request (<see cref="RestApi"/>). The answer is the HTTP status, a line feed and the JSON body: one
    /// string crosses the boundary instead of an object to pick apart.
    /// </summary>
    [JSExport]
    public static async Task<string> HandleAsync(string bridgeSecret, string method, string path, string query, string user, string roles, string body)
    {
        var database = await (_database ??= OpenAsync(bridgeSecret)).ConfigureAwait(false);
        var caller = ObjectQLContext.ForUser(user, roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var (status, json) = await RestApi.HandleAsync(database.WithContext(caller), method, path, query, body).ConfigureAwait(false);
        return $"{status}\n{json}";
    }

    private static async Task<ObjectQLDatabase> OpenAsync(string bridgeSecret)
    {
        // No HttpClient timeout: its timer would be armed in one request and could never fire in a later one (workerd
        // ends a request's timers with it), and a Worker's request has its own CPU and wall-time limits anyway.
        var options = new CloudflareOptions { BridgeUrl = InWorker, BridgeSecret = bridgeSecret };
        try
        {
            return await ObjectQLDatabase.OpenAsync(new D1Driver(options, new HttpClient(new WorkerBridgeHandler()) { Timeout = Timeout.InfiniteTimeSpan }), AppModel.Objects).ConfigureAwait(false);
        }
        catch
        {
            // The next request tries again rather than keep a failed open for the isolate's lifetime.
            _database = null;
            throw;
        }
    }
}
