using System.Net;
using System.Net.Http.Headers;
using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Client.Tests;

// The fake server's answers as HTTP bodies, so the client reads them through HttpSyncTransport as it reads a real
// server's; an in-process handler, as the engine's own tests need no socket (the end-to-end tests run Kestrel).
internal sealed class WireHandler(FakeServer server) : HttpMessageHandler
{
    public List<byte[]> Bodies { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var sent = SyncJson.ReadRequest(await request.Content!.ReadAsByteArrayAsync(cancellationToken), int.MaxValue);
        var body = SyncJson.Write(await server.SendAsync(sent, cancellationToken), SyncJsonContext.Default.SyncPushResponse);
        Bodies.Add(body);
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(SyncProtocol.ContentType);
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    }
}
