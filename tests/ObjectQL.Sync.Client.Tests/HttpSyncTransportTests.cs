using System.Net;
using System.Net.Sockets;
using System.Text;
using ObjectQL.Sync.Client.Transport;
using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Client.Tests;

// The HTTP transport against a real HTTP listener on 127.0.0.1 that answers as the RFC's endpoint would.
public sealed class HttpSyncTransportTests
{
    private HttpListener _listener = null!;
    private Uri _base = null!;
    private HttpClient _http = null!;

    [SetUp]
    public void SetUp()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _base = new Uri($"http://127.0.0.1:{port}/");
        _listener = new HttpListener();
        _listener.Prefixes.Add(_base.ToString());
        _listener.Start();
        _http = new HttpClient();
    }

    [TearDown]
    public void TearDown()
    {
        _http.Dispose();
        _listener.Close();
    }

    private HttpSyncTransport Transport(int? pageSize = null) => new(_http, new SyncClientOptions
    {
        ServerUrl = _base,
        AuthTokenProvider = _ => ValueTask.FromResult<string?>("token-1"),
        PageSize = pageSize,
    });

    private static SyncPushRequest Request() => new("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", 1, "2026-12-03T10:00:00.000Z-00000000-0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", [], null);

    private async Task<HttpListenerRequest> AnswerAsync(int status, string body, Action<HttpListenerResponse>? headers = null)
    {
        var context = await _listener.GetContextAsync();
        var request = context.Request;
        using var reader = new StreamReader(request.InputStream);
        Assert.That(SyncJson.ReadRequest(Encoding.UTF8.GetBytes(await reader.ReadToEndAsync())).ClientEpoch, Is.EqualTo(1));
        context.Response.StatusCode = status;
        headers?.Invoke(context.Response);
        var bytes = Encoding.UTF8.GetBytes(body);
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
        return request;
    }

    [Test]
    public async Task Posts_with_the_version_header_and_the_bearer_token_and_reads_the_answer()
    {
        var answer = SyncJson.Write(new SyncPushResponse([], [], "cp", false, false, "2026-12-03T10:00:00.000Z-00000000-server", 0, SyncLimits.Default), SyncJsonContext.Default.SyncPushResponse);
        var send = Transport().SendAsync(Request(), CancellationToken.None);
        var seen = await AnswerAsync(200, Encoding.UTF8.GetString(answer));
        var response = await send;
        Assert.That(response.Checkpoint, Is.EqualTo("cp"));
        Assert.That((seen.HttpMethod, seen.Url!.AbsolutePath, seen.Headers[SyncProtocol.VersionHeader], seen.Headers["Authorization"]),
            Is.EqualTo(("POST", "/api/sync", "1", "Bearer token-1")));
    }

    [TestCase(null, null)]
    [TestCase(2500, "2500")]
    public async Task Asks_for_the_page_size_only_when_one_is_set(int? pageSize, string? header)
    {
        var answer = SyncJson.Write(new SyncPushResponse([], [], "cp", false, false, "2026-12-03T10:00:00.000Z-00000000-server", 0, SyncLimits.Default), SyncJsonContext.Default.SyncPushResponse);
        var send = Transport(pageSize).SendAsync(Request(), CancellationToken.None);
        var seen = await AnswerAsync(200, Encoding.UTF8.GetString(answer));
        await send;
        Assert.That(seen.Headers[SyncProtocol.PageSizeHeader], Is.EqualTo(header));
    }

    [TestCase(0)]
    [TestCase(-5)]
    public void A_page_size_under_one_is_refused_by_the_options(int pageSize)
    {
        var error = Assert.Throws<ObjectQLException>(() => Transport(pageSize));
        Assert.That(error!.Details![0].Field, Is.EqualTo(nameof(SyncClientOptions.PageSize)));
    }

    [Test]
    public async Task A_413_carries_the_servers_batch_limit()
    {
        var body = Encoding.UTF8.GetString(ErrorJson.Write(SyncErrorBodies.TooManyMutations(150, 100)));
        var send = Transport().SendAsync(Request(), CancellationToken.None);
        await AnswerAsync(413, body);
        var error = Assert.ThrowsAsync<SyncTransportException>(() => send);
        Assert.That((error!.StatusCode, error.Code, error.MaxMutationsPerRequest, error.IsTransient), Is.EqualTo(((int?)413, ErrorCodes.PayloadTooLarge, (int?)100, false)));
    }

    [Test]
    public async Task A_429_carries_retry_after_and_is_transient()
    {
        var send = Transport().SendAsync(Request(), CancellationToken.None);
        await AnswerAsync(429, "{\"error\":{\"code\":\"RATE_LIMIT_EXCEEDED\",\"message\":\"slow down\",\"details\":[]}}", r => r.Headers["Retry-After"] = "12");
        var error = Assert.ThrowsAsync<SyncTransportException>(() => send);
        Assert.That((error!.Code, error.RetryAfter, error.IsTransient), Is.EqualTo(("RATE_LIMIT_EXCEEDED", (TimeSpan?)TimeSpan.FromSeconds(12), true)));
    }

    [Test]
    public void No_server_is_a_network_error()
    {
        _listener.Close();
        var error = Assert.ThrowsAsync<SyncTransportException>(() => Transport().SendAsync(Request(), CancellationToken.None));
        Assert.That((error!.IsNetworkError, error.Code, error.IsTransient), Is.EqualTo((true, SyncTransportException.NetworkError, true)));
    }

    // The browser's handler would otherwise stream the body through the interpreter chunk by chunk (a 3 MB page's
    // largest cost before the store read it); the body is read whole anyway.
    [Test]
    public async Task A_request_asks_the_browser_handler_for_the_body_in_one_piece()
    {
        var handler = new OptionsHandler();
        using var http = new HttpClient(handler);
        var transport = new HttpSyncTransport(http, new SyncClientOptions { ServerUrl = _base });
        Assert.That(await transport.SendForBodyAsync(Request(), CancellationToken.None), Is.EqualTo("{}"u8.ToArray()));
        Assert.That(handler.Streaming, Is.False);
    }

    private sealed class OptionsHandler : HttpMessageHandler
    {
        public bool? Streaming { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Streaming = request.Options.TryGetValue(new HttpRequestOptionsKey<bool>("WebAssemblyEnableStreamingResponse"), out var value) ? value : null;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}", Encoding.UTF8, SyncProtocol.ContentType) });
        }
    }
}
