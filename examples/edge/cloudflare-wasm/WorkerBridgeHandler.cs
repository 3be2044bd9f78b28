using System.Net;
using System.Net.Http.Headers;
using System.Runtime.InteropServices.JavaScript;
using System.Runtime.Versioning;

namespace EdgeCloudflareWasm;

/// <summary>
/// Hands the D1 driver's bridge requests to the bridge Worker's code running in this same Worker (worker/worker.mjs
/// imports objectql-bridge.mjs and calls its fetch handler with this invocation's bindings): the bridge's protocol,
/// without a network hop and without a second Worker.
/// </summary>
[SupportedOSPlatform("browser")]
internal sealed partial class WorkerBridgeHandler : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var headers = new List<string>();
        foreach (var (name, values) in request.Headers)
        {
            headers.Add(name);
            headers.Add(string.Join(", ", values));
        }
        using var answer = await Bridge(request.Method.Method, request.RequestUri!.ToString(), headers.ToArray(), body).ConfigureAwait(false);
        var response = new HttpResponseMessage((HttpStatusCode)answer.GetPropertyAsInt32("status"))
        {
            RequestMessage = request,
            Content = new StringContent(answer.GetPropertyAsString("body") ?? "", MediaTypeHeaderValue.Parse("application/json")),
        };
        foreach (var line in (answer.GetPropertyAsString("headers") ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            response.Headers.TryAddWithoutValidation(line[..colon], line[(colon + 1)..].Trim());
        }
        return response;
    }

    [JSImport("bridge", "objectql-worker")]
    private static partial Task<JSObject> Bridge(string method, string url, string[] headers, string body);
}
